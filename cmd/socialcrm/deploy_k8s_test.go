package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

// k8sObjects are the manifests of deploy/k8s, decoded.
type k8sObjects struct {
	deployments []*appsv1.Deployment
	jobs        []*batchv1.Job
	services    []*corev1.Service
	pdbs        []*policyv1.PodDisruptionBudget
	hpas        []*autoscalingv2.HorizontalPodAutoscaler
	data        map[string][]string // ConfigMap or Secret name → its keys
}

var docSep = regexp.MustCompile(`(?m)^---\s*$`)

// loadK8s decodes every document of deploy/k8s/*.yaml strictly (an
// unknown or misplaced field is an error) into its k8s.io/api type.
func loadK8s(t *testing.T) *k8sObjects {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(deployDir, "k8s", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s/k8s: %v", deployDir, err)
	}
	o := &k8sObjects{data: map[string][]string{}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range docSep.Split(string(b), -1) {
			if len(bytes.TrimSpace([]byte(doc))) == 0 {
				continue
			}
			if err := o.decode([]byte(doc)); err != nil {
				t.Errorf("%s, document %d: %v", filepath.Base(f), i+1, err)
			}
		}
	}
	return o
}

func (o *k8sObjects) decode(doc []byte) error {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return err
	}
	var obj any
	switch tm.APIVersion + " " + tm.Kind {
	case "apps/v1 Deployment":
		d := &appsv1.Deployment{}
		o.deployments, obj = append(o.deployments, d), d
	case "batch/v1 Job":
		j := &batchv1.Job{}
		o.jobs, obj = append(o.jobs, j), j
	case "v1 Service":
		s := &corev1.Service{}
		o.services, obj = append(o.services, s), s
	case "policy/v1 PodDisruptionBudget":
		p := &policyv1.PodDisruptionBudget{}
		o.pdbs, obj = append(o.pdbs, p), p
	case "autoscaling/v2 HorizontalPodAutoscaler":
		h := &autoscalingv2.HorizontalPodAutoscaler{}
		o.hpas, obj = append(o.hpas, h), h
	case "v1 ConfigMap":
		var c corev1.ConfigMap
		if err := yaml.UnmarshalStrict(doc, &c); err != nil {
			return err
		}
		for k := range c.Data {
			o.data["configmap/"+c.Name] = append(o.data["configmap/"+c.Name], k)
		}
		return nil
	case "v1 Secret":
		var s corev1.Secret
		if err := yaml.UnmarshalStrict(doc, &s); err != nil {
			return err
		}
		for k := range s.StringData {
			o.data["secret/"+s.Name] = append(o.data["secret/"+s.Name], k)
		}
		for k := range s.Data {
			o.data["secret/"+s.Name] = append(o.data["secret/"+s.Name], k)
		}
		return nil
	default:
		return fmt.Errorf("unexpected kind %q of %q", tm.Kind, tm.APIVersion)
	}
	return yaml.UnmarshalStrict(doc, obj)
}

// containerEnv is every variable a container is given, by env and by
// envFrom of the ConfigMaps and Secrets defined beside it.
func (o *k8sObjects) containerEnv(t *testing.T, where string, c corev1.Container) []string {
	var env []string
	for _, e := range c.Env {
		env = append(env, e.Name)
	}
	for _, from := range c.EnvFrom {
		key := ""
		switch {
		case from.ConfigMapRef != nil:
			key = "configmap/" + from.ConfigMapRef.Name
		case from.SecretRef != nil:
			key = "secret/" + from.SecretRef.Name
		}
		keys, ok := o.data[key]
		if !ok {
			t.Errorf("%s: envFrom %s, which the manifests do not define", where, key)
		}
		env = append(env, keys...)
	}
	slices.Sort(env)
	return env
}

// TestDeploy_Kubernetes decodes the manifests strictly into k8s.io/api
// types and checks them: each role's command, flags and variables exist;
// selectors select their pods; probes, annotations and Services name ports
// the containers open; disruption budgets and the autoscaler target
// Deployments that exist, and the autoscaler's metric exists.
func TestDeploy_Kubernetes(t *testing.T) {
	o := loadK8s(t)
	src := loadMetricSource(t)
	podLabels := map[string]labels.Set{}
	roles := map[string]bool{}
	for _, d := range o.deployments {
		where := "Deployment " + d.Name
		sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
			t.Errorf("%s: selector %v does not select its pods %v (%v)", where, d.Spec.Selector, d.Spec.Template.Labels, err)
		}
		podLabels[d.Name] = d.Spec.Template.Labels
		ports := map[string]bool{}
		for _, c := range d.Spec.Template.Spec.Containers {
			checkCommand(t, where, c.Args, o.containerEnv(t, where, c))
			roles[fmt.Sprint(c.Args)] = true
			for _, p := range c.Ports {
				ports[p.Name], ports[strconv.Itoa(int(p.ContainerPort))] = true, true
			}
			for _, pr := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe} {
				if pr == nil || pr.HTTPGet == nil {
					t.Errorf("%s: container %s lacks an HTTP readiness or liveness probe", where, c.Name)
				} else if !ports[pr.HTTPGet.Port.String()] {
					t.Errorf("%s: probe of %s on port %s, which the container does not open", where, pr.HTTPGet.Path, pr.HTTPGet.Port.String())
				}
			}
		}
		if p := d.Spec.Template.Annotations["prometheus.io/port"]; p != "" && !ports[p] {
			t.Errorf("%s: Prometheus scrapes port %s, which no container opens", where, p)
		}
	}
	for _, want := range []string{"[pipeline]", "[alerts]", "[alerts --roles cases]", "[alerts --roles graph]", "[web]"} {
		if !roles[want] {
			t.Errorf("no Deployment runs socialcrm %s", want)
		}
	}
	for _, j := range o.jobs {
		for _, c := range j.Spec.Template.Spec.Containers {
			checkCommand(t, "Job "+j.Name, c.Args, o.containerEnv(t, "Job "+j.Name, c))
		}
	}
	selects := func(sel labels.Selector) bool {
		for _, l := range podLabels {
			if sel.Matches(l) {
				return true
			}
		}
		return false
	}
	for _, s := range o.services {
		if !selects(labels.SelectorFromSet(s.Spec.Selector)) {
			t.Errorf("Service %s selects no pods of the Deployments", s.Name)
		}
	}
	for _, p := range o.pdbs {
		sel, err := metav1.LabelSelectorAsSelector(p.Spec.Selector)
		if err != nil || !selects(sel) {
			t.Errorf("PodDisruptionBudget %s selects no pods of the Deployments (%v)", p.Name, err)
		}
	}
	if len(o.pdbs) == 0 || len(o.hpas) == 0 {
		t.Errorf("%d PodDisruptionBudgets and %d autoscalers; want at least one of each", len(o.pdbs), len(o.hpas))
	}
	for _, h := range o.hpas {
		if _, ok := podLabels[h.Spec.ScaleTargetRef.Name]; !ok || h.Spec.ScaleTargetRef.Kind != "Deployment" {
			t.Errorf("HorizontalPodAutoscaler %s scales %s %s, which is not a Deployment here", h.Name, h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name)
		}
		for _, m := range h.Spec.Metrics {
			if m.External != nil {
				checkMetrics(t, "HorizontalPodAutoscaler "+h.Name, m.External.Metric.Name, src)
			}
		}
	}
	t.Logf("%d Deployments, %d Jobs, %d Services, %d PodDisruptionBudgets, %d autoscalers decoded strictly",
		len(o.deployments), len(o.jobs), len(o.services), len(o.pdbs), len(o.hpas))
}
