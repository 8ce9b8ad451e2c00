package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCPUProfile: RETOUR_CPUPROFILE names a file that receives a CPU profile
// (gzipped, as pprof writes it) and the command's exit code is kept; an
// unwritable path fails before the command runs.
func TestCPUProfile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cpu.prof")
	t.Setenv("RETOUR_CPUPROFILE", p)
	ran := false
	if code := profiled(func() int { ran = true; return exitUsage }); code != exitUsage || !ran {
		t.Fatalf("exit %d, ran %v", code, ran)
	}
	b, err := os.ReadFile(p)
	if err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		t.Fatalf("profile %d bytes, %v", len(b), err)
	}
	t.Setenv("RETOUR_CPUPROFILE", filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.prof"))
	ran = false
	if code := profiled(func() int { ran = true; return exitOK }); code != exitFailure || ran {
		t.Fatalf("unwritable profile: exit %d, ran %v", code, ran)
	}
}
