package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var safeFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// uploadName checks an uploaded file's name: one plain name inside the
// inbox, no separators, no leading dot, not a .done marker.
func uploadName(name string) (string, error) {
	if !safeFileName.MatchString(name) || strings.Contains(name, "..") || strings.HasSuffix(name, doneSuffix) {
		return "", fmt.Errorf("%w: file name %q: use letters, digits, '.', '_' and '-' only", ErrUnsafePath, name)
	}
	return name, nil
}

// apiUpload stores the request body as inbox/<name> (?name=) and marks it
// complete; the inbox loads it at once.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) {
	name, err := uploadName(r.URL.Query().Get("name"))
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	n, code, err := s.storeUpload(name, r.Body)
	if err != nil {
		httpError(w, r, code, err.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"file": name, "bytes": n, "status": "queued in the inbox"})
}

// storeUpload writes body as inbox/<name> through a temporary file, marks
// it complete and wakes the inbox. On error it returns the HTTP status.
func (s *Server) storeUpload(name string, body io.Reader) (int64, int, error) {
	dst := filepath.Join(s.inbox.dir, name)
	if _, err := os.Lstat(dst); err == nil {
		return 0, http.StatusConflict, fmt.Errorf("%s is already waiting in the inbox", name)
	}
	tmp, err := os.CreateTemp(s.inbox.dir, ".upload-*")
	if err != nil {
		return 0, http.StatusInternalServerError, fmt.Errorf("store upload: %w", err)
	}
	n, err := io.Copy(tmp, body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && n == 0 {
		err = errors.New("empty file")
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err == nil {
		err = os.WriteFile(dst+doneSuffix, nil, 0o640)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		code := http.StatusBadRequest
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			code = http.StatusRequestEntityTooLarge
		}
		return 0, code, fmt.Errorf("upload %s: %w", name, err)
	}
	select {
	case s.inbox.kick <- struct{}{}:
	default:
	}
	return n, http.StatusAccepted, nil
}

// apiRunNow starts the pipeline refresh (forecast, KPIs, packs) at once;
// 409 when a run is in progress.
func (s *Server) apiRunNow(w http.ResponseWriter, r *http.Request) {
	if !s.startManualRun(r.Context()) {
		httpError(w, r, http.StatusConflict, ErrBusy.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "started"})
}

// startManualRun starts a refresh in the background; false when a run is
// in progress.
func (s *Server) startManualRun(ctx context.Context) bool {
	if !s.runMu.TryLock() {
		return false
	}
	go func() {
		defer s.runMu.Unlock()
		ctx := context.WithoutCancel(ctx)
		err := s.runHeld(ctx, KindManual, zeroTime, func(ctx context.Context, _ int64) (string, error) {
			res, err := s.pipe.Refresh(ctx, s.w, s.cfg.ReportsDir, s.cfg.Language)
			return strings.Join(res.Lines, "\n"), err
		})
		if err != nil {
			s.log.Error("manual run", "err", err)
		}
	}()
	return true
}

// sanitizeUploadName turns a browser's file name into a plain inbox name:
// the last path element, characters other than letters, digits, '.', '_'
// and '-' replaced by '_', no leading dot or dash, no "..". The result is
// checked by uploadName.
func sanitizeUploadName(raw string) (string, error) {
	if i := strings.LastIndexAny(raw, `/\`); i >= 0 {
		raw = raw[i+1:]
	}
	var b strings.Builder
	for _, c := range raw {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", ".")
	}
	name = strings.TrimLeft(name, "._-")
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	return uploadName(name)
}
