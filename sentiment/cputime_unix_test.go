//go:build unix

package sentiment

import "syscall"

// cpuSeconds is the processor time the process has used, user and system:
// a rate per CPU second does not fall when other processes share the cores.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
