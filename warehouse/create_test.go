package warehouse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// TestInitFailureLeavesNothing: a failure while the new file is written
// leaves no file at the path (nor a temporary one), and a later init works.
func TestInitFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	initHook = func(string) error { return syscall.ENOSPC }
	_, err := Init(ctx, path)
	initHook = func(string) error { return nil }
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("init = %v, want the disk-full error", err)
	}
	assertOnlyWarehouse(t, dir, false)
	if created, err := Init(ctx, path); err != nil || !created {
		t.Fatalf("init after the failure: created %v, %v", created, err)
	}
	assertOnlyWarehouse(t, dir, true)
}

// TestInitDiskFull runs init in a child process whose file size limit
// (RLIMIT_FSIZE) is far below a warehouse's size: the writes fail as on a
// full disk, and no file that cannot be opened may be left behind.
func TestInitDiskFull(t *testing.T) {
	if path := os.Getenv("RETOUR_TEST_INIT_FULL"); path != "" {
		signal.Ignore(syscall.SIGXFSZ) // a write past the limit then fails with EFBIG
		lim := syscall.Rlimit{Cur: 64 << 10, Max: 64 << 10}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Println("setrlimit:", err)
			os.Exit(4)
		}
		_, err := Init(context.Background(), path)
		fmt.Println("init:", err)
		if err == nil {
			os.Exit(0)
		}
		os.Exit(1)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitDiskFull$")
	cmd.Env = append(os.Environ(), "RETOUR_TEST_INIT_FULL="+path)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child: %v (want a failed init)\n%s", err, out)
	}
	t.Logf("child: %s", out)
	assertOnlyWarehouse(t, dir, false)
	if _, err := Init(context.Background(), path); err != nil {
		t.Fatalf("init with room: %v", err)
	}
	assertOnlyWarehouse(t, dir, true)
}

// TestInitReplacesEmptyFile: a 0-byte file (left by an older interrupted
// init) is replaced by a warehouse.
func TestInitReplacesEmptyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if created, err := Init(context.Background(), path); err != nil || !created {
		t.Fatalf("created %v, %v", created, err)
	}
	assertOnlyWarehouse(t, dir, true)
}

// assertOnlyWarehouse checks dir holds the warehouse file that opens (want)
// or nothing at all.
func assertOnlyWarehouse(t *testing.T, dir string, want bool) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !want {
		if len(names) != 0 {
			t.Fatalf("files left behind: %v", names)
		}
		return
	}
	if len(names) != 1 || names[0] != "w.duckdb" {
		t.Fatalf("files: %v, want only w.duckdb", names)
	}
	w, err := Open(context.Background(), filepath.Join(dir, "w.duckdb"), Options{})
	if err != nil {
		t.Fatalf("the warehouse does not open: %v", err)
	}
	w.Close()
}
