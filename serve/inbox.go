package serve

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// doneSuffix marks a file as complete: FILE.done beside FILE.
const doneSuffix = ".done"

// inbox is the watched folder and what the last scan saw.
type inbox struct {
	dir, archive, failed string
	sources              []InboxSource
	seen                 map[string]fileState
	kick                 chan struct{} // a scan is wanted now (an upload arrived)
}

type fileState struct {
	size int64
	mod  time.Time
}

func newInbox(c InboxConfig) *inbox {
	return &inbox{dir: c.Dir, archive: filepath.Join(c.Dir, "archive"), failed: filepath.Join(c.Dir, "failed"),
		sources: c.Sources, seen: map[string]fileState{}, kick: make(chan struct{}, 1)}
}

// inboxLoop scans the inbox every poll interval, or at once after an upload.
func (s *Server) inboxLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.Inbox.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.inbox.kick:
		}
		if err := s.processInbox(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("inbox", "err", err)
		}
	}
}

// scan returns the names of the files that are complete: FILE.done exists,
// or the size and modification time are the same as on the previous scan.
func (in *inbox) scan() ([]string, error) {
	entries, err := os.ReadDir(in.dir)
	if err != nil {
		return nil, fmt.Errorf("read inbox %s: %w", in.dir, err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	var ready []string
	now := map[string]fileState{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, doneSuffix) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		st := fileState{size: fi.Size(), mod: fi.ModTime()}
		now[name] = st
		prev, seen := in.seen[name]
		if names[name+doneSuffix] || (seen && prev == st && st.size > 0) {
			ready = append(ready, name)
		}
	}
	in.seen = now
	sort.Strings(ready)
	return ready, nil
}

// processInbox takes the complete files: each is loaded (or archived
// unchanged when the same bytes were loaded before) or moved to failed/ with
// its error; then, when anything was loaded, forecast, KPIs and packs are
// refreshed. All of it is one run.
func (s *Server) processInbox(ctx context.Context) error {
	ready, err := s.inbox.scan()
	if err != nil || len(ready) == 0 {
		return err
	}
	return s.run(ctx, KindInbox, time.Time{}, true, func(ctx context.Context, runID int64) (string, error) {
		var lines []string
		loaded := 0
		for _, name := range ready {
			line, ok := s.takeFile(ctx, runID, name)
			lines = append(lines, line)
			if ok {
				loaded++
			}
			delete(s.inbox.seen, name)
		}
		if loaded == 0 {
			return strings.Join(lines, "\n"), nil
		}
		res, err := s.pipe.Refresh(ctx, s.w, s.cfg.ReportsDir, s.cfg.Language)
		lines = append(lines, res.Lines...)
		if err != nil {
			return strings.Join(lines, "\n"), fmt.Errorf("refresh after loading: %w", err)
		}
		return strings.Join(lines, "\n"), nil
	})
}

// takeFile handles one complete file and says whether it loaded new data.
func (s *Server) takeFile(ctx context.Context, runID int64, name string) (string, bool) {
	path := filepath.Join(s.inbox.dir, name)
	_ = os.Remove(path + doneSuffix)
	sum, size, err := fileSHA256(path)
	if err != nil {
		return s.refuse(ctx, runID, name, "", 0, err), false
	}
	var prior int
	if err := s.w.QueryRow(ctx, `SELECT count(*) FROM serve_files WHERE sha256 = ? AND status IN ('loaded', 'unchanged')`, sum).Scan(&prior); err != nil {
		return s.refuse(ctx, runID, name, sum, size, fmt.Errorf("check earlier loads: %w", err)), false
	}
	// Each outcome is recorded before the file moves: a file seen in
	// archive/ or failed/ has its serve_files row.
	if prior > 0 {
		s.recordFile(ctx, name, sum, size, "unchanged", sql.NullInt64{}, runID, "the same bytes were loaded before; nothing changed")
		if err := s.moveTo(path, s.inbox.archive); err != nil {
			s.log.Error("inbox archive", "file", name, "err", err)
		}
		s.metrics.add("retour_serve_inbox_files_total", 1, "outcome", "unchanged")
		return name + ": loaded before, unchanged", false
	}
	res, err := s.pipe.Load(ctx, s.w, path, s.loadOptions(name))
	if err != nil {
		return s.refuse(ctx, runID, name, sum, size, err), false
	}
	msg := fmt.Sprintf("%s: %s, read %d, inserted %d, updated %d, unchanged %d, quarantined %d",
		name, res.Entity, res.Read, res.Inserted, res.Updated, res.Unchanged, res.Quarantined)
	s.recordFile(ctx, name, sum, size, "loaded", sql.NullInt64{Int64: res.RunID, Valid: res.RunID > 0}, runID, msg)
	if err := s.moveTo(path, s.inbox.archive); err != nil {
		s.log.Error("inbox archive", "file", name, "err", err)
	}
	s.metrics.add("retour_serve_inbox_files_total", 1, "outcome", "loaded")
	s.metrics.add("retour_serve_rows_loaded_total", float64(res.Inserted+res.Updated))
	s.metrics.add("retour_serve_rows_quarantined_total", float64(res.Quarantined))
	return msg, true
}

// refuse records a file as failed, then moves it to failed/ and writes
// FILE.error.txt beside it (last, so a reader of it sees the rest done).
func (s *Server) refuse(ctx context.Context, runID int64, name, sum string, size int64, cause error) string {
	path := filepath.Join(s.inbox.dir, name)
	msg := fmt.Sprintf("%s refused at %s: %v\nThe warehouse was not changed by this file. Fix the file (or its mapping) and drop it into the inbox again.\n",
		name, s.now().UTC().Format(time.RFC3339), cause)
	s.recordFile(ctx, name, sum, size, "failed", sql.NullInt64{}, runID, cause.Error())
	if err := s.moveTo(path, s.inbox.failed); err != nil {
		s.log.Error("inbox failed", "file", name, "err", err)
	}
	if err := writeFileAtomic(filepath.Join(s.inbox.failed, name+".error.txt"), []byte(msg), 0o640); err != nil {
		s.log.Error("inbox failed", "file", name, "err", err)
	}
	s.metrics.add("retour_serve_inbox_files_total", 1, "outcome", "failed")
	return fmt.Sprintf("%s: refused: %v", name, cause)
}

func (s *Server) recordFile(ctx context.Context, name, sum string, size int64, status string, loadRun sql.NullInt64, runID int64, msg string) {
	_, err := s.w.Exec(ctx, `INSERT INTO serve_files (sha256, name, bytes, taken_at, status, load_run, serve_run, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		sum, name, size, s.now().UTC(), status, loadRun, runID, msg)
	if err != nil {
		s.log.Error("record inbox file", "file", name, "err", err)
	}
}

// loadOptions are the options of an inbox file's load: its mapping and the
// record-size cap.
func (s *Server) loadOptions(name string) LoadOptions {
	return LoadOptions{Mapping: s.mappingFor(name), MaxRecordBytes: s.cfg.Inbox.MaxRecordMB << 20}
}

// mappingFor returns the mapping of the first source whose pattern matches.
func (s *Server) mappingFor(name string) string {
	for _, src := range s.inbox.sources {
		if ok, _ := filepath.Match(src.Match, name); ok {
			return src.Mapping
		}
	}
	return ""
}

// moveTo renames path into dir, keeping the name unless one is there already.
func (s *Server) moveTo(path, dir string) error {
	dst := filepath.Join(dir, filepath.Base(path))
	if _, err := os.Stat(dst); err == nil {
		dst = filepath.Join(dir, s.now().UTC().Format("20060102T150405.000000000-")+filepath.Base(path))
	}
	if err := os.Rename(path, dst); err != nil {
		return fmt.Errorf("move %s to %s: %w", path, dir, err)
	}
	return nil
}

func fileSHA256(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, fmt.Errorf("open %s: %w", path, err)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, errors.Join(fmt.Errorf("read %s: %w", path, err))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// writeFileAtomic writes data to a hidden temporary file beside path and
// renames it into place, so a reader never sees a half-written file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	return nil
}
