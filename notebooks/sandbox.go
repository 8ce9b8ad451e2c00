package notebooks

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/retour-analytics/retour/warehouse"
)

// sandboxSettings switch off everything a notebook cell could use to reach
// beyond the warehouse: files (read_text, read_csv, COPY ... TO), URLs,
// other databases (ATTACH) and extensions; then lock the configuration so a
// cell cannot switch them back on.
var sandboxSettings = []string{
	"SET enable_external_access = false",
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
	"SET lock_configuration = true",
}

// Open opens the warehouse file at path for notebooks: read-only, with
// DuckDB's external access off and its configuration locked (see Sandbox).
func Open(ctx context.Context, path string) (*warehouse.DB, error) {
	w, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if err := Sandbox(ctx, w); err != nil {
		return nil, errors.Join(err, w.Close())
	}
	return w, nil
}

// Sandbox switches external access off on w and locks its configuration.
// It cannot be undone: the DuckDB instance keeps these settings until it is
// closed, so apply it only to a warehouse opened for notebooks.
func Sandbox(ctx context.Context, w *warehouse.DB) error {
	for _, s := range sandboxSettings {
		if _, err := w.Exec(ctx, s); err != nil {
			return fmt.Errorf("sandbox warehouse for notebooks (%s): %w", s, err)
		}
	}
	return nil
}

// sandboxed tells whether w has external access off.
func sandboxed(ctx context.Context, w *warehouse.DB) (bool, error) {
	var v string
	if err := w.QueryRow(ctx, "SELECT current_setting('enable_external_access')::VARCHAR").Scan(&v); err != nil {
		return false, fmt.Errorf("read enable_external_access: %w", err)
	}
	return strings.EqualFold(v, "false"), nil
}

// readStatements are the statements a cell may run: queries that read.
var readStatements = map[string]bool{
	"SELECT": true, "WITH": true, "FROM": true, "VALUES": true, "TABLE": true,
	"DESCRIBE": true, "SHOW": true, "SUMMARIZE": true, "PIVOT": true, "UNPIVOT": true,
}

// checkStatement refuses a cell that is not exactly one reading query, before
// DuckDB sees it (the sandbox settings refuse file access whatever the
// statement).
func checkStatement(q string) error {
	stmts := statements(q)
	switch {
	case len(stmts) == 0:
		return fmt.Errorf("%w: the cell holds no query", ErrRefused)
	case len(stmts) > 1:
		return fmt.Errorf("%w: the cell holds %d statements; a notebook cell runs one query", ErrRefused, len(stmts))
	}
	kw := firstKeyword(stmts[0])
	if !readStatements[kw] {
		return fmt.Errorf("%w: %s statements are not allowed; a notebook cell runs one query that reads the warehouse (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT, UNPIVOT)", ErrRefused, kw)
	}
	return nil
}

// statements strips comments and splits q on semicolons outside string
// literals and quoted names; string literals and quoted names are replaced
// by blanks so their content cannot look like a keyword.
func statements(q string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
			cur.WriteByte(' ')
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				i = len(q)
			} else {
				i += end + 3
			}
			cur.WriteByte(' ')
		case c == '\'' || c == '"':
			// skip to the closing quote; a doubled quote is an escaped one
			for i++; i < len(q); i++ {
				if q[i] == c {
					if i+1 < len(q) && q[i+1] == c {
						i++
						continue
					}
					break
				}
			}
			cur.WriteString(" x ")
		case c == ';':
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

// firstKeyword is the statement's first word, upper case, after any opening
// parentheses.
func firstKeyword(s string) string {
	s = strings.TrimLeft(s, "( \t\r\n")
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_')
	})
	if end < 0 {
		end = len(s)
	}
	if end == 0 {
		return strings.Fields(s + " ?")[0]
	}
	return strings.ToUpper(s[:end])
}

// refusal rewrites DuckDB's refusal of file or network access into a
// message for the notebook's author; other errors come back unchanged.
func refusal(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "disabled by configuration") || strings.Contains(msg, "Permission Error") {
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return fmt.Errorf("%w: notebooks read the warehouse only, not files, URLs, other databases or extensions (%s)", ErrRefused, msg)
	}
	return err
}
