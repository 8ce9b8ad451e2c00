package etl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// Ignored is a file of a folder that LoadDir does not load, and why.
type Ignored struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// supportedExt lists the file name endings a folder load reads (each also gzipped).
var supportedExt = []string{".csv", ".tsv", ".txt", ".ndjson", ".jsonl", ".json", ".parquet"}

// ScanDir lists the files of dir that a load can read, in dependency order
// (products and sites, order lines, return lines, claims; by name within a
// table), and the others with the reason they are left out. Sub-folders are
// not searched.
func ScanDir(dir string) ([]string, []Ignored, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read folder %s: %w", dir, err)
	}
	type ranked struct {
		path  string
		order int
	}
	var files []ranked
	var ignored []Ignored
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		ent, why := entityOfFile(p, e)
		if ent == nil {
			ignored = append(ignored, Ignored{File: p, Reason: why})
			continue
		}
		files = append(files, ranked{p, ent.Order})
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].order < files[j].order })
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.path
	}
	return out, ignored, nil
}

// entityOfFile tells the table a folder entry is for, or why it is left out.
func entityOfFile(p string, e os.DirEntry) (*Entity, string) {
	if e.IsDir() {
		return nil, "a folder: sub-folders are not searched"
	}
	if !e.Type().IsRegular() {
		return nil, "not a regular file"
	}
	name := strings.ToLower(strings.TrimSuffix(e.Name(), ".gz"))
	ok := false
	for _, ext := range supportedExt {
		ok = ok || strings.HasSuffix(name, ext)
	}
	if !ok || strings.HasPrefix(e.Name(), ".") {
		return nil, "not a CSV, NDJSON or Parquet file"
	}
	if ent := entityFromFile(p); ent != nil {
		return ent, ""
	}
	return nil, "cannot tell its table from its name or header: name it products, sites, order_lines, return_lines or claims, or load it with a mapping"
}

// entityFromFile tells a file's table from its name, else from its header
// (CSV and NDJSON).
func entityFromFile(p string) *Entity {
	if ent := guessEntity(baseName(p), nil); ent != nil {
		return ent
	}
	in, err := openInput(p, "")
	if err != nil {
		return nil
	}
	defer in.close()
	var rr rowReader
	switch in.format {
	case fmtCSV:
		if rr, err = newCSVReader(in, 0, limits{}.orDefault()); err != nil {
			return nil
		}
	case fmtNDJSON:
		if rr, err = newNDJSONReader(in, limits{}.orDefault()); err != nil {
			return nil
		}
	default:
		return nil
	}
	return guessEntity("", rr.header())
}

// LoadDir loads every supported file of dir in dependency order (see
// ScanDir) and says which files it left out. It stops at the first failed
// file; files loaded before it stay loaded.
func LoadDir(ctx context.Context, w *warehouse.DB, dir string, opts Options) ([]Summary, []Ignored, error) {
	files, ignored, err := ScanDir(dir)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, ignored, &ParseError{File: dir, Err: errors.New("no file to load: expected products, order_lines, return_lines or claims files (CSV, NDJSON or Parquet)")}
	}
	var out []Summary
	for _, p := range files {
		s, err := LoadFile(ctx, w, p, opts)
		out = append(out, s)
		if err != nil {
			return out, ignored, err
		}
	}
	return out, ignored, nil
}
