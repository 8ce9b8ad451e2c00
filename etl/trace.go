package etl

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

// TraceEnv names the environment variable that, set to 1, makes a load print
// the wall and CPU time and the peak RSS so far of each of its steps (reading and staging, each SQL check,
// classification, writes, commit) to standard error: where a slow load spends
// its time.
const TraceEnv = "RETOUR_LOAD_TRACE"

// tracer times the steps of one load; the zero value (tracing off) does nothing.
type tracer struct {
	out  io.Writer
	file string
	last time.Time
	cpu  time.Duration
}

// cpuTime is the process's user + system CPU time so far (every thread,
// DuckDB's included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func newTracer(file string) *tracer {
	if os.Getenv(TraceEnv) != "1" {
		return &tracer{}
	}
	return &tracer{out: os.Stderr, file: file, last: time.Now(), cpu: cpuTime()}
}

// step prints the time since the previous step under name.
func (t *tracer) step(name string) {
	if t == nil || t.out == nil {
		return
	}
	now, cpu := time.Now(), cpuTime()
	fmt.Fprintf(t.out, "trace %s: %-28s %8.3f s wall %8.3f s cpu  peak RSS %s\n", t.file, name, now.Sub(t.last).Seconds(), (cpu - t.cpu).Seconds(), peakRSS())
	t.last, t.cpu = now, cpu
}

// peakRSS is the process's peak resident set so far, as /proc says it ("?"
// where there is no /proc).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
