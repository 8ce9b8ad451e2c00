package etl

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// maxJoinRows bounds a joined file held in memory.
const maxJoinRows = 5_000_000

// joined is a second file held in memory by key, with the columns it adds to
// the plan's header.
type joined struct {
	on   int                 // the main file's key column
	rows map[string][]string // key -> the joined row's fields
	cols []int               // joined column per added header column
	base int                 // first header index this join adds
}

// addJoins reads each joined file and appends its columns to p.header.
func (p *plan) addJoins(m *Mapping) error {
	for i, j := range m.Joins {
		on := -1
		for k, h := range p.header[:p.nsrc] {
			if normalizeName(h) == normalizeName(j.On) {
				on = k
			}
		}
		if on < 0 {
			return p.missing(fmt.Errorf("joins[%d].on: column %q is not in the file", i+1, j.On))
		}
		path := j.File
		if !filepath.IsAbs(path) && m.file != "" {
			path = filepath.Join(filepath.Dir(m.file), path)
		}
		hdr, rows, err := readJoin(path, orDefault(j.Key, j.On), j.Delimiter)
		if err != nil {
			return fmt.Errorf("%w joins[%d] %s: %w", ErrJoin, i+1, path, err)
		}
		jn := &joined{on: on, rows: rows, base: len(p.header)}
		key := orDefault(j.Key, j.On)
		for k, h := range hdr {
			if normalizeName(h) == normalizeName(key) {
				continue
			}
			name := h
			if j.As != "" {
				name = j.As + "." + h
			}
			p.header = append(p.header, name)
			jn.cols = append(jn.cols, k)
		}
		p.joins = append(p.joins, jn)
	}
	return nil
}

// readJoin reads a CSV file into a map from its key column to its rows (the
// first row of a repeated key wins).
func readJoin(path, key, delim string) ([]string, map[string][]string, error) {
	in, err := openInput(path, "")
	if err != nil {
		return nil, nil, err
	}
	defer in.close()
	if in.format != fmtCSV {
		return nil, nil, errors.New("a joined file must be CSV")
	}
	d := byte(0)
	switch delim {
	case "":
	case "tab", "\t":
		d = '\t'
	default:
		d = delim[0]
	}
	cr, err := newCSVReader(in, d, limits{}.orDefault())
	if err != nil {
		return nil, nil, err
	}
	k := -1
	for i, h := range cr.hdr {
		if normalizeName(h) == normalizeName(key) {
			k = i
		}
	}
	if k < 0 {
		return nil, nil, fmt.Errorf("key column %q is not in its header (%s)", key, strings.Join(cr.hdr, ", "))
	}
	rows := map[string][]string{}
	var split [][]byte
	for n := 0; ; n++ {
		rec, line, err := cr.rr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, readErr(path, line, err)
		}
		if n >= maxJoinRows {
			return nil, nil, fmt.Errorf("more than %d rows: join a smaller file", maxJoinRows)
		}
		if len(rec) == 0 {
			continue
		}
		split, err = splitCSV(rec, cr.delim, split[:0])
		if err != nil || len(split) != len(cr.hdr) {
			return nil, nil, &ParseError{File: path, Line: line, Err: fmt.Errorf("row has %d fields, the header has %d", len(split), len(cr.hdr))}
		}
		id := strings.TrimSpace(string(split[k]))
		if _, seen := rows[id]; seen {
			continue
		}
		f := make([]string, len(split))
		for i, b := range split {
			f[i] = string(b)
		}
		rows[id] = f
	}
	return cr.hdr, rows, nil
}

// joinedGet extends get to the joined columns (index >= p.nsrc).
func (p *plan) joinedGet(get func(int) string) func(int) string {
	if len(p.joins) == 0 {
		return get
	}
	return func(i int) string {
		if i < p.nsrc {
			return get(i)
		}
		for _, j := range p.joins {
			if i < j.base || i >= j.base+len(j.cols) {
				continue
			}
			row, ok := j.rows[strings.TrimSpace(get(j.on))]
			if !ok {
				return ""
			}
			return row[j.cols[i-j.base]]
		}
		return ""
	}
}
