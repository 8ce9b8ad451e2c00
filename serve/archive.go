package serve

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// archiveName checks a requested path inside the report folder: no "..",
// no encoded separators or dots, no absolute path, no backslash or NUL.
func archiveName(raw, decoded string) (string, error) {
	low := strings.ToLower(raw)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00", "\\"} {
		if strings.Contains(low, bad) {
			return "", ErrUnsafePath
		}
	}
	if decoded == "" {
		return "index.html", nil
	}
	if strings.HasPrefix(decoded, "/") || strings.ContainsAny(decoded, "\\\x00") || filepath.IsAbs(decoded) {
		return "", ErrUnsafePath
	}
	for _, seg := range strings.Split(decoded, "/") {
		if seg == ".." || seg == "." || strings.HasPrefix(seg, ".") {
			return "", ErrUnsafePath
		}
	}
	return path.Clean(decoded), nil
}

// handleArchive serves the report folder's files (index, packs, exports)
// through os.Root, which also refuses symbolic links leading outside.
func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) {
	name, err := archiveName(strings.TrimPrefix(r.URL.EscapedPath(), "/reports/"), r.PathValue("path"))
	if err != nil {
		httpError(w, r, http.StatusBadRequest, "path refused: it leaves the report folder")
		return
	}
	root, err := os.OpenRoot(s.cfg.ReportsDir)
	if err != nil {
		httpError(w, r, http.StatusServiceUnavailable, "no reports yet")
		return
	}
	defer root.Close()
	f, err := root.Open(name)
	if err == nil {
		if fi, serr := f.Stat(); serr == nil && fi.IsDir() {
			_ = f.Close()
			name = path.Join(name, "index.html")
			f, err = root.Open(name)
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			httpError(w, r, http.StatusNotFound, "not found: "+name)
		} else {
			httpError(w, r, http.StatusBadRequest, "path refused")
		}
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		httpError(w, r, http.StatusNotFound, "not found: "+name)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Content-Security-Policy", cspArchive)
	http.ServeContent(w, r, path.Base(name), fi.ModTime(), f)
}
