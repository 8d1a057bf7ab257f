package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// TestDeploy_Compose loads deploy/docker-compose.yml with compose-go, the
// loader of docker compose, and checks every socialcrm service: its
// command and flags exist, it reads every variable it is given, its
// health check probes the port it listens on, and the split roles are
// all there.
func TestDeploy_Compose(t *testing.T) {
	path := filepath.Join(deployDir, "docker-compose.yml")
	opts, err := cli.NewProjectOptions([]string{path}, cli.WithWorkingDirectory(deployDir),
		cli.WithName("socialcrm"), cli.WithProfiles([]string{"*"}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose-go refuses %s: %v", path, err)
	}
	roles := map[string]bool{}
	for name, svc := range p.Services {
		if svc.Build == nil || !strings.HasSuffix(svc.Build.Dockerfile, "deploy/Dockerfile") {
			continue
		}
		where := "compose service " + name
		env := make([]string, 0, len(svc.Environment))
		for k := range svc.Environment {
			env = append(env, k)
		}
		slices.Sort(env)
		checkCommand(t, where, svc.Command, env)
		if len(svc.Command) > 0 {
			roles[strings.Join(svc.Command, " ")] = true
		}
		checkComposeHealth(t, where, svc)
	}
	for _, want := range []string{"pipeline", "alerts", "alerts --roles cases", "alerts --roles graph", "web", "migrate"} {
		if !roles[want] {
			t.Errorf("compose runs no %q service", want)
		}
	}
	if r := p.Services["pipeline"].Deploy; r == nil || r.Replicas == nil || *r.Replicas < 2 {
		t.Errorf("compose runs fewer than 2 pipeline workers")
	}
	t.Logf("%d services, socialcrm roles %v", len(p.Services), slices.Sorted(func(yield func(string) bool) {
		for r := range roles {
			if !yield(r) {
				return
			}
		}
	}))
}

// checkComposeHealth checks that a long-running service's health check
// runs "socialcrm probe" on a port the service listens on.
func checkComposeHealth(t *testing.T, where string, svc types.ServiceConfig) {
	t.Helper()
	if len(svc.Command) > 0 && slices.Contains([]string{"migrate", "collect"}, svc.Command[0]) {
		return
	}
	if svc.HealthCheck == nil || len(svc.HealthCheck.Test) < 4 {
		t.Errorf("%s: no health check", where)
		return
	}
	test := svc.HealthCheck.Test
	if test[0] != "CMD" || test[1] != imageBinary || test[2] != "probe" {
		t.Errorf("%s: health check %v: want [CMD %s probe URL] (the image has no shell)", where, test, imageBinary)
		return
	}
	port := portOf(test[3])
	for _, v := range svc.Environment {
		if v != nil && portOf(*v) == port {
			return
		}
	}
	t.Errorf("%s: health check probes port %s, on which the service does not listen", where, port)
}
