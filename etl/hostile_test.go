package etl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// The hostile corpus: files and mappings a loader meets in the wild. Each
// case runs in a child process of the test binary, against a copy of a
// warehouse that already holds products and order lines. It must end in a
// clear error naming the file (and line, column or key when there is one)
// that leaves every table as it was, or in a load whose quarantine holds the
// expected lines with their reasons; never in a panic, and with a peak RSS
// under 1 GiB (read from the child's rusage).

// hostileCase is one corpus entry. Files are written by make into dir; the
// first returned path is loaded (with mapping, when set).
type hostileCase struct {
	name    string
	make    func(t testing.TB, dir string) string
	mapping string
	// refused: the load must fail and the error must contain every string.
	refused []string
	// quarantine: line -> a substring of its reason; nil with refused == nil
	// means no row may be quarantined.
	quarantine map[int64]string
	// check, when set, is a query whose single integer result must be want.
	check string
	want  int64
}

// hostileResult is what the child reports on stdout.
type hostileResult struct {
	Err        string            `json:"err"`
	Summary    Summary           `json:"summary"`
	Before     map[string]string `json:"before"`
	After      map[string]string `json:"after"`
	Quarantine map[int64]string  `json:"quarantine"`
	Check      int64             `json:"check"`
	CheckErr   string            `json:"check_err"`
}

const hostileMaxRSS = 1 << 30

func TestHostileCorpus(t *testing.T) {
	if name := os.Getenv("RETOUR_HOSTILE_CASE"); name != "" {
		hostileChild(name, os.Getenv("RETOUR_HOSTILE_DIR"), os.Getenv("RETOUR_HOSTILE_DB"))
		return
	}
	cases := hostileCases()
	if len(cases) < 60 {
		t.Fatalf("the corpus has %d cases, want at least 60", len(cases))
	}
	root := t.TempDir()
	base := filepath.Join(root, "base.duckdb")
	seedHostileBase(t, base)
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("case %q twice", tc.name)
		}
		seen[tc.name] = true
	}
	// The children run hostileParallel at a time (they mostly wait on process
	// start-up and the disk), outside t.Parallel's cap; each case's checks
	// then run as a subtest.
	start := time.Now()
	runs := make([]hostileRun, len(cases))
	sem := make(chan struct{}, hostileParallel)
	var wg sync.WaitGroup
	for i, tc := range cases {
		dir := filepath.Join(root, fmt.Sprintf("c%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "w.duckdb")
		copyFile(t, base, db)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[i] = startHostileCase(tc, dir, db)
		}()
	}
	wg.Wait()
	peak, at := int64(0), ""
	for i, r := range runs {
		if r.maxRSS > peak {
			peak, at = r.maxRSS, cases[i].name
		}
	}
	t.Logf("%d cases in %s; highest peak RSS %d MiB (%s)", len(cases), time.Since(start).Round(time.Millisecond), peak>>20, at)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runs[i].check(t, tc) })
	}
}

// hostileParallel children run at once.
const hostileParallel = 4

// hostileRun is a finished child.
type hostileRun struct {
	err            error
	stdout, stderr bytes.Buffer
	maxRSS         int64 // bytes; -1 unknown
}

func startHostileCase(tc hostileCase, dir, db string) hostileRun {
	var r hostileRun
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileCorpus$")
	cmd.Env = append(os.Environ(), "RETOUR_HOSTILE_CASE="+tc.name, "RETOUR_HOSTILE_DIR="+dir, "RETOUR_HOSTILE_DB="+db)
	cmd.Stdout, cmd.Stderr = &r.stdout, &r.stderr
	r.err = cmd.Run()
	r.maxRSS = -1
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = ru.Maxrss * 1024
		}
	}
	return r
}

func (r *hostileRun) check(t *testing.T, tc hostileCase) {
	if r.err != nil {
		t.Fatalf("child failed (panic?): %v\n%s", r.err, tail(r.stderr.String(), 3000))
	}
	switch {
	case r.maxRSS < 0:
		t.Error("no rusage for the child")
	case r.maxRSS > hostileMaxRSS:
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.maxRSS>>20, hostileMaxRSS>>20)
	}
	line := r.stdout.Bytes()
	if i := bytes.LastIndex(line, []byte("\nRESULT ")); i >= 0 {
		line = line[i+1:]
	}
	var res hostileResult
	js, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("RESULT "))
	if !ok {
		t.Fatalf("no result from the child:\n%s\n%s", tail(r.stdout.String(), 2000), tail(r.stderr.String(), 2000))
	}
	if err := json.Unmarshal(js, &res); err != nil {
		t.Fatalf("result: %v: %s", err, js)
	}
	checkHostile(t, tc, res)
}

func checkHostile(t *testing.T, tc hostileCase, res hostileResult) {
	t.Helper()
	if tc.refused != nil {
		if res.Err == "" {
			t.Fatalf("loaded (%+v), want a refusal saying %q", res.Summary.Counts, tc.refused)
		}
		for _, s := range tc.refused {
			if !strings.Contains(res.Err, s) {
				t.Errorf("error %q does not say %q", res.Err, s)
			}
		}
		for k, v := range res.Before {
			if res.After[k] != v {
				t.Errorf("refused load changed %s: %s -> %s", k, v, res.After[k])
			}
		}
		return
	}
	if res.Err != "" {
		t.Fatalf("refused: %s", res.Err)
	}
	c := res.Summary.Counts
	if c.Inserted+c.Updated+c.Unchanged+c.Quarantined != c.Read {
		t.Errorf("rows not conserved: %+v", c)
	}
	if int64(len(res.Quarantine)) != c.Quarantined {
		t.Errorf("quarantine table holds %d rows of the run, summary says %d", len(res.Quarantine), c.Quarantined)
	}
	for line, want := range tc.quarantine {
		got, ok := res.Quarantine[line]
		if !ok {
			t.Errorf("line %d not quarantined (quarantine: %v)", line, res.Quarantine)
			continue
		}
		if !strings.Contains(got, want) {
			t.Errorf("line %d: reason %q does not say %q", line, got, want)
		}
	}
	if len(res.Quarantine) != len(tc.quarantine) {
		t.Errorf("quarantined lines %v, want exactly %v", keys(res.Quarantine), keys(tc.quarantine))
	}
	if tc.check != "" {
		if res.CheckErr != "" || res.Check != tc.want {
			t.Errorf("%s = %d (%s), want %d", tc.check, res.Check, res.CheckErr, tc.want)
		}
	}
}

func keys(m map[int64]string) []int64 {
	var out []int64
	for k := range m {
		out = append(out, k)
	}
	return out
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// hostileChild runs one case and prints its result; a panic fails the parent.
func hostileChild(name, dir, db string) {
	var tc *hostileCase
	for _, c := range hostileCases() {
		if c.name == name {
			tc = &c
			break
		}
	}
	if tc == nil {
		fmt.Fprintln(os.Stderr, "no case", name)
		os.Exit(3)
	}
	ctx := context.Background()
	path := tc.make(childTB{}, dir)
	w, err := warehouse.Open(ctx, db, warehouse.Options{Threads: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	res := hostileResult{Before: sums(ctx, w), Quarantine: map[int64]string{}}
	opts := Options{Workers: 1}
	var lerr error
	if tc.mapping != "" {
		opts.Mapping, lerr = ParseMapping(filepath.Join(dir, "mapping.yaml"), []byte(tc.mapping))
	}
	if lerr == nil {
		res.Summary, lerr = LoadFile(ctx, w, path, opts)
	}
	if lerr != nil {
		res.Err = lerr.Error()
	}
	res.After = sums(ctx, w)
	if rows, err := w.Query(ctx, `SELECT line, reason FROM quarantine WHERE run_id = ?`, res.Summary.RunID); err == nil {
		for rows.Next() {
			var l int64
			var r string
			if rows.Scan(&l, &r) == nil {
				res.Quarantine[l] = r
			}
		}
		rows.Close()
	}
	if tc.check != "" {
		if err := w.QueryRow(ctx, tc.check).Scan(&res.Check); err != nil {
			res.CheckErr = err.Error()
		}
	}
	if err := w.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	b, _ := json.Marshal(res)
	fmt.Printf("\nRESULT %s\n", b)
	os.Exit(0)
}

// sums fingerprints every data table, load_runs excepted.
func sums(ctx context.Context, w *warehouse.DB) map[string]string {
	out := map[string]string{}
	for _, tb := range []string{"products", "order_lines", "return_lines", "claims", "quarantine"} {
		var s string
		q := fmt.Sprintf(`SELECT count(*)::VARCHAR || '/' || COALESCE(sum(hash(t))::VARCHAR, '0') FROM %s t`, tb)
		if err := w.QueryRow(ctx, q).Scan(&s); err != nil {
			s = "error: " + err.Error()
		}
		out[tb] = s
	}
	return out
}

func seedHostileBase(t *testing.T, path string) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	dir := t.TempDir()
	for name, data := range map[string]string{"products.csv": "sku,name\nA,Jean\nB,Phone\n", "order_lines.csv": ordersCSV} {
		if _, err := LoadFile(ctx, w, write(t, dir, name, []byte(data)), Options{}); err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// childTB lets case builders run outside a test: a failure ends the child.
type childTB struct{ testing.TB }

func (childTB) Helper() {}
func (childTB) Fatal(args ...any) {
	fmt.Fprintln(os.Stderr, args...)
	os.Exit(3)
}
func (c childTB) Fatalf(format string, args ...any) { c.Fatal(fmt.Sprintf(format, args...)) }

var _ = errors.New
