package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asBinaryEnv makes the test binary run as socialcrm itself (TestMain), so
// that tests can start the service as a separate process and kill it.
const asBinaryEnv = "SOCIALCRM_TEST_AS_BINARY"

func TestMain(m *testing.M) {
	if os.Getenv(asBinaryEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// process is socialcrm running as a child process. The tests that use it
// load the machine and time what they measure: they do not run in
// parallel with the others.
type process struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	match  []string // submatches of the started pattern in its first line
	done   chan error
	stderr string // file of its log
}

// startProcess runs "socialcrm args..." as a child process with env (and
// nothing else of this process's environment but PATH and HOME), waits
// for its first line and matches it with startedRe or workerRe. The
// process is killed when the test ends, if still running.
func startProcess(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	p := &process{t: t, name: args[0], done: make(chan error, 1),
		stderr: filepath.Join(t.TempDir(), args[0]+".log")}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = []string{asBinaryEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	logf, err := os.Create(p.stderr)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = logf
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			p.logTail()
		}
	})
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case first <- sc.Text():
			default:
			}
		}
	}()
	select {
	case l := <-first:
		for _, re := range [...]interface{ FindStringSubmatch(string) []string }{startedRe, workerRe} {
			if p.match = re.FindStringSubmatch(l); p.match != nil {
				return p
			}
		}
		t.Fatalf("%s: unexpected first line %q", p.name, l)
	case err := <-p.done:
		p.logTail()
		t.Fatalf("%s exited before starting: %v", p.name, err)
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not start within 60s", p.name)
	}
	return nil
}

// url and brokers of a started demo.
func (p *process) url() string       { return p.match[1] }
func (p *process) brokers() []string { return strings.Split(p.match[2], " ") }

// kill sends SIGKILL and waits for the process to die.
func (p *process) kill() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// terminate sends SIGTERM and waits up to d for a clean exit.
func (p *process) terminate(d time.Duration) time.Duration {
	p.t.Helper()
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Fatalf("%s exited with %v after SIGTERM", p.name, err)
		}
	case <-time.After(d):
		p.t.Fatalf("%s still running %s after SIGTERM", p.name, d)
	}
	return time.Since(start)
}

// logTail prints the end of the process's log.
func (p *process) logTail() {
	b, _ := os.ReadFile(p.stderr)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	fmt.Fprintf(os.Stderr, "--- end of the log of %s:\n%s\n", p.name, b)
}
