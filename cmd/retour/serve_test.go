package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/retour-analytics/retour/etl"
	"github.com/retour-analytics/retour/serve"
	"github.com/retour-analytics/retour/warehouse"
)

// TestServeConfigCommands writes the example config, checks it, and checks
// that a bad key is refused with its line (exit 2).
func TestServeConfigCommands(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "retour.yaml")
	t.Setenv("RETOUR_VIEWER_TOKEN", "viewer-token-0123456789")
	t.Setenv("RETOUR_ADMIN_TOKEN", "admin-token-0123456789")
	if code, out := runCLI(t, "init", "--example-config", cfg); code != exitOK || !strings.Contains(out, "--check") {
		t.Fatalf("init --example-config: %d %s", code, out)
	}
	if code, out := runCLI(t, "init", "--example-config", cfg); code != exitFailure || !strings.Contains(out, "exists") {
		t.Fatalf("second init --example-config: %d %s", code, out)
	}
	if code, out := runCLI(t, "serve", "--config", cfg, "--check"); code != exitOK || !strings.Contains(out, "valid") {
		t.Fatalf("serve --check on the example: %d %s", code, out)
	}
	b, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(b, []byte("\nlisten_adress: x\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := runCLI(t, "serve", "--config", cfg, "--check"); code != exitUsage || !strings.Contains(out, "unknown key listen_adress") || !strings.Contains(out, "retour.yaml:") {
		t.Fatalf("serve --check with a bad key: %d %s", code, out)
	}
	if code, _ := runCLI(t, "serve"); code != exitUsage {
		t.Fatalf("serve without --config: %d, want %d", code, exitUsage)
	}
}

// TestLockPointsToServe checks that a lock error on a warehouse held by
// retour serve names its inbox and admin API.
func TestLockPointsToServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "retour.duckdb")
	c := &serve.Config{Warehouse: db, PublicURL: "http://127.0.0.1:8080"}
	c.Inbox.Dir = filepath.Join(dir, "inbox")
	note, err := serve.WriteLockNote(c)
	if err != nil {
		t.Fatal(err)
	}
	locked := fmt.Errorf("open warehouse %s: %w", db, warehouse.ErrLocked)
	err = explainLock(db, locked)
	for _, want := range []string{"retour serve", c.Inbox.Dir, "POST /api/v1/upload", "http://127.0.0.1:8080"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("lock message %v lacks %q", err, want)
		}
	}
	if !errorsIs(err, warehouse.ErrLocked) {
		t.Error("the message no longer wraps warehouse.ErrLocked")
	}
	_ = os.Remove(note)
	if err := explainLock(db, locked); err != locked {
		t.Errorf("without serve's note the lock error is changed: %v", err)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// TestServeRecordCapDefault: serve's inbox.max_record_mb defaults to the
// same cap as retour load --max-record-mb.
func TestServeRecordCapDefault(t *testing.T) {
	if serve.DefaultMaxRecordMB<<20 != etl.DefaultMaxRecordBytes || serve.DefaultConfig().Inbox.MaxRecordMB != serve.DefaultMaxRecordMB {
		t.Errorf("serve inbox.max_record_mb default %d MiB, retour load --max-record-mb default %d MiB", serve.DefaultMaxRecordMB, etl.DefaultMaxRecordBytes>>20)
	}
	f := newLoadCmd().Flags().Lookup("max-record-mb")
	if f == nil || f.DefValue != strconv.Itoa(serve.DefaultMaxRecordMB) {
		t.Errorf("retour load --max-record-mb default %v, serve's %d", f, serve.DefaultMaxRecordMB)
	}
}
