package scripts_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestPGStart_PortTakenAtBind starts scripts/pg.sh on a port that is free
// when checked (bound, not listening) but taken when Postgres binds it:
// the script says so and starts on another port, below the kernel's
// ephemeral range.
func TestPGStart_PortTakenAtBind(t *testing.T) {
	if _, err := exec.LookPath("pg_ctl"); err != nil {
		if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl"); len(m) == 0 {
			t.Skip("Postgres binaries (pg_ctl) are not installed")
		}
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	taken := sa.(*syscall.SockaddrInet4).Port

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "port"), []byte(fmt.Sprintln(taken)), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "port"), 0o666); err != nil { // the server's user rewrites it
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("bash", "pg.sh", "start", dir)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	t.Cleanup(func() { _ = exec.Command("bash", "pg.sh", "stop", dir).Run() })
	if err != nil {
		t.Fatalf("pg.sh start: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), fmt.Sprintf("port %d was free when checked but taken when Postgres bound it", taken)) {
		t.Errorf("pg.sh does not say what happened to port %d:\n%s", taken, stderr.String())
	}
	u, err := url.Parse(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("pg.sh printed %q: %v", out, err)
	}
	port, _ := strconv.Atoi(u.Port())
	if port == taken || port == 0 {
		t.Fatalf("pg.sh started on port %q, want another than %d", u.Port(), taken)
	}
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if lo, _ := strconv.Atoi(strings.Fields(string(b))[0]); lo > 11000 && port >= lo {
			t.Errorf("port %d is in the ephemeral range starting at %d", port, lo)
		}
	}
}
