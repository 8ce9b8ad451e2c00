package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/retour-analytics/retour/warehouse"
)

// Options configure a load. The zero value is valid: DefaultOptions fills it.
type Options struct {
	// Mapping says how source columns become canonical fields; nil: match by name.
	Mapping *Mapping
	// BatchRows is the number of rows per Arrow record batch (default 32768).
	BatchRows int
	// Workers validate batches in parallel (default GOMAXPROCS).
	Workers int
	// MaxBadRatio: when more than this share of a file's rows is rejected (and
	// at least 100 rows are), the file is refused whole: the mapping or
	// delimiter is probably wrong (default 0.5; 1 disables).
	MaxBadRatio float64
	// MaxRecordBytes caps one physical line and one quoted record, so an
	// endless line cannot exhaust memory: a longer line refuses the file
	// (default 4 MiB).
	MaxRecordBytes int
	// MaxQuotedLines caps the physical lines one quoted field may span: a
	// field still open after that many lines is taken for a stray quote, its
	// first line is quarantined and reading resumes at the next line
	// (default 100).
	MaxQuotedLines int
	// Progress, when set, is called a few times a second with raw bytes read,
	// the file size and rows read so far.
	Progress func(file string, bytesRead, size, rows int64)
	// Now is the load date that bounds plausible dates (default time.Now).
	Now func() time.Time
}

// DefaultOptions returns the defaults described on Options.
func DefaultOptions() Options {
	return Options{BatchRows: 32768, Workers: runtime.GOMAXPROCS(0), MaxBadRatio: 0.5,
		MaxRecordBytes: DefaultMaxRecordBytes, MaxQuotedLines: DefaultMaxQuotedLines}
}

func (o *Options) fill() {
	d := DefaultOptions()
	if o.BatchRows <= 0 {
		o.BatchRows = d.BatchRows
	}
	if o.Workers <= 0 {
		o.Workers = d.Workers
	}
	if o.MaxBadRatio <= 0 {
		o.MaxBadRatio = d.MaxBadRatio
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = d.MaxRecordBytes
	}
	if o.MaxQuotedLines <= 0 {
		o.MaxQuotedLines = d.MaxQuotedLines
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Counts are the row counts of a load: Read = Inserted + Updated + Unchanged + Quarantined + Skipped.
type Counts struct {
	Read        int64 `json:"read"`
	Inserted    int64 `json:"inserted"`
	Updated     int64 `json:"updated"`
	Unchanged   int64 `json:"unchanged"`
	Quarantined int64 `json:"quarantined"`
	Skipped     int64 `json:"skipped"`
}

// Summary reports one file's load.
type Summary struct {
	File   string `json:"file"`
	Entity string `json:"entity"`
	Counts
	Status  string            `json:"status"` // ok or failed
	RunID   int64             `json:"run_id"`
	SHA256  string            `json:"sha256,omitempty"`
	Seconds float64           `json:"seconds"`
	Error   string            `json:"error,omitempty"`
	Parts   map[string]Counts `json:"parts,omitempty"` // per entity, for sales files
	// Rules counts the rows each skip or return rule matched.
	Rules map[string]int64 `json:"rules,omitempty"`
	// Links counts returned units by how they were linked to an order line.
	Links *Links `json:"links,omitempty"`
}

// LoadFiles loads each file in turn, products first, then order lines, return
// lines and claims (so links can be checked), and returns one summary per
// file. It stops at the first failed file; files loaded before it stay loaded.
func LoadFiles(ctx context.Context, w *warehouse.DB, paths []string, opts Options) ([]Summary, error) {
	ordered := append([]string(nil), paths...)
	rank := func(p string) int {
		if opts.Mapping != nil && opts.Mapping.Entity != "" {
			if e := EntityByName(opts.Mapping.Entity); e != nil {
				return e.Order
			}
			return 1
		}
		if e := entityFromFile(p); e != nil {
			return e.Order
		}
		return 9
	}
	sort.SliceStable(ordered, func(i, j int) bool { return rank(ordered[i]) < rank(ordered[j]) })
	var out []Summary
	for _, p := range ordered {
		s, err := LoadFile(ctx, w, p, opts)
		out = append(out, s)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// LoadFile loads one file whole or not at all.
func LoadFile(ctx context.Context, w *warehouse.DB, path string, opts Options) (Summary, error) {
	opts.fill()
	start := time.Now()
	s := Summary{File: path, Status: "failed"}
	runID, err := beginRun(ctx, w, path)
	if err != nil {
		return s, err
	}
	s.RunID = runID
	err = w.Conn(ctx, func(c *sql.Conn) error { return load(ctx, w, c, path, runID, opts, &s) })
	s.Seconds = time.Since(start).Seconds()
	if err != nil {
		s.Status = "failed"
		s.Error = err.Error()
		if rerr := failRun(context.WithoutCancel(ctx), w, runID, &s, err.Error()); rerr != nil {
			err = errors.Join(err, rerr)
		}
		s.Counts = Counts{}
		s.Parts = nil
		return s, err
	}
	s.Status = "ok"
	return s, nil
}

func load(ctx context.Context, w *warehouse.DB, c *sql.Conn, path string, runID int64, opts Options, s *Summary) error {
	var m *Mapping
	enc, delim := "", byte(0)
	if opts.Mapping != nil {
		m = opts.Mapping
		enc = m.Encoding
		switch m.Delimiter {
		case "tab", "\t":
			delim = '\t'
		case "":
		default:
			delim = m.Delimiter[0]
		}
	}
	in, err := openInput(path, enc)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("load %s: %w", path, err)
	}
	defer in.close()
	var rr rowReader
	switch in.format {
	case fmtCSV:
		cr, err := newCSVReader(in, delim, opts.limits())
		if err != nil {
			return err
		}
		delim = cr.delim
		rr = cr
	case fmtNDJSON:
		if rr, err = newNDJSONReader(in, opts.limits()); err != nil {
			return err
		}
	case fmtParquet:
		if in.gz {
			return &ParseError{File: path, Err: errors.New("a gzipped Parquet file: Parquet compresses itself; gunzip it first")}
		}
		ar, release, err := openParquet(ctx, w, path)
		if err != nil {
			return err
		}
		defer release()
		rr = ar
	}
	p, err := newPlan(path, rr.header(), m, opts.Now())
	if err != nil {
		return err
	}
	p.tr = newTracer(path)
	s.Entity = p.targets[0].ent.Name
	if len(p.targets) > 1 {
		s.Entity = "sales"
	}
	schema := p.stagingSchema()

	// Pipeline: reader -> workers (validate, build Arrow) -> DuckDB pulls batches into staging.
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, opts.Workers*2)
	results := make(chan result, opts.Workers*2)
	var readErrV atomic.Value
	var rows atomic.Int64
	go func() {
		defer close(batches)
		err := rr.run(pctx, opts.BatchRows, func(b *batch) error {
			rows.Add(int64(b.len()))
			select {
			case batches <- b:
				return nil
			case <-pctx.Done():
				return pctx.Err()
			}
		})
		if err != nil {
			readErrV.Store(errBox{err})
		}
	}()
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := newValidator(p, schema, delim)
			for b := range batches {
				rec, bad, st := v.process(b)
				select {
				case results <- result{rec: rec, bad: bad, n: int64(b.len()), st: st, keys: v.keys}:
				case <-pctx.Done():
					rec.Release()
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	if opts.Progress != nil {
		done := make(chan struct{})
		stopped := make(chan struct{})
		defer func() { close(done); <-stopped }()
		go func() {
			defer close(stopped)
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					opts.Progress(path, in.read.Load(), in.size, rows.Load())
				case <-done:
					opts.Progress(path, in.read.Load(), in.size, rows.Load())
					return
				}
			}
		}()
	}
	cr := &chanReader{schema: schema, ch: results, maxBad: opts.MaxBadRatio, readErr: &readErrV, keys: newKeySet(len(p.targets))}
	cr.refs.Store(1)

	// A first load into an empty table goes straight into it, inside the
	// transaction; otherwise rows are staged and then compared with the table.
	t0 := p.targets[0]
	direct := false
	if len(p.targets) == 1 && t0.auto < 0 {
		if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT NOT EXISTS (SELECT 1 FROM %s)`, t0.ent.Name)).Scan(&direct); err != nil {
			return fmt.Errorf("load %s: %w", path, err)
		}
	}
	if _, err := c.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("load %s: begin: %w", path, err)
	}
	commit := false
	defer func() {
		if !commit {
			_, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	stg := fmt.Sprintf("stg_%d", runID)
	release, err := warehouse.RegisterArrowView(ctx, c, stg+"_in", cr)
	if err != nil {
		return err
	}
	var directRows int64
	if direct {
		var cols []string
		for _, f := range t0.ent.Fields {
			cols = append(cols, f.Name)
		}
		var res sql.Result
		res, err = c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s, source_line, run_id, row_hash) SELECT %s, s._line, %d, s._rh FROM %s_in s`,
			t0.ent.Name, strings.Join(cols, ", "), strings.Join(cols, ", "), runID, stg))
		if err == nil {
			directRows, err = res.RowsAffected()
		}
	} else {
		_, err = c.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT * FROM %s_in`, stg, stg))
		if err == nil {
			defer func() { _, _ = c.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+stg) }()
		}
	}
	p.tr.step("read, validate, stage")
	cancel()
	for r := range results { // drain after an early stop
		r.rec.Release()
	}
	relErr := release()
	for ti, t := range p.targets {
		t.keysDistinct = t.auto < 0 && !cr.keys.repeats(ti)
	}
	cr.keys = nil // before the memory goes back to the system
	p.tr.step("check key hashes")
	if !direct {
		// The reading pipeline's buffers are garbage now: hand them back to
		// the system before the checks and the classification join, which
		// need the memory (the Go runtime would keep them for a while).
		debug.FreeOSMemory()
	}
	if e := cr.failure(); e != nil {
		var pe *ParseError
		if !errors.As(e, &pe) {
			e = &ParseError{File: path, Err: e}
		}
		return e
	}
	if err != nil {
		return fmt.Errorf("load %s: stage rows: %w", path, err)
	}
	if relErr != nil {
		return relErr
	}
	sha, err := in.finish()
	if err != nil {
		return err
	}
	s.SHA256 = sha
	read := cr.read
	if read == 0 {
		return &ParseError{File: path, Err: fmt.Errorf("%w: a header but no data rows", ErrEmptyFile)}
	}
	if bad := int64(len(cr.bad)); bad >= 100 && float64(bad) > opts.MaxBadRatio*float64(read) {
		return tooManyBad(path, bad, read, cr.bad)
	}

	bad := cr.bad
	parts := map[string]Counts{}
	if direct {
		filter := fmt.Sprintf("run_id = %d", runID)
		if err := p.prepare(ctx, c, t0.ent.Name, "source_line", filter, t0); err != nil {
			return fmt.Errorf("load %s into %s: %w", path, t0.ent.Name, err)
		}
		if err := finishRowHash(ctx, c, t0, filter); err != nil {
			return fmt.Errorf("load %s into %s: %w", path, t0.ent.Name, err)
		}
		p.tr.step("prepare")
		rej, err := rejectRows(ctx, c, t0.ent.Name, "source_line", filter, "", t0, p.tr)
		if err != nil {
			return fmt.Errorf("load %s into %s: %w", path, t0.ent.Name, err)
		}
		bad = append(bad, rej...)
		parts[t0.ent.Name] = Counts{Inserted: directRows - int64(len(rej))}
	} else {
		for ti, t := range p.targets {
			cnt, rej, err := upsert(ctx, c, stg, p, ti, t, runID)
			if err != nil {
				return fmt.Errorf("load %s into %s: %w", path, t.ent.Name, err)
			}
			bad = append(bad, rej...)
			parts[t.ent.Name] = cnt
		}
	}
	bad, dupSkipped := splitSkipped(bad)
	var marks []mark
	if c, ok := rr.(*csvReader); ok && in.plain {
		marks = c.rr.marks
	}
	if err := fillRaw(path, in.format, enc, delim, opts.limits(), bad, marks, in.skip); err != nil {
		return err
	}
	p.tr.step("re-read quarantined rows")
	if err := replaceQuarantine(ctx, c, runID, path, p.entities(), bad); err != nil {
		return fmt.Errorf("load %s: quarantine: %w", path, err)
	}
	p.tr.step("replace quarantine")
	tot := Counts{Read: read, Quarantined: int64(len(bad)), Skipped: cr.stats.skipped + dupSkipped}
	s.Rules = cr.stats.matched
	for _, pc := range parts {
		tot.Inserted += pc.Inserted
		tot.Updated += pc.Updated
		tot.Unchanged += pc.Unchanged
	}
	if tot.Inserted+tot.Updated+tot.Unchanged+tot.Quarantined+tot.Skipped != tot.Read {
		return fmt.Errorf("load %s: internal error: %d read but %d inserted + %d updated + %d unchanged + %d quarantined + %d skipped",
			path, tot.Read, tot.Inserted, tot.Updated, tot.Unchanged, tot.Quarantined, tot.Skipped)
	}
	// per-part quarantine counts
	for _, b := range bad {
		pc := parts[b.entity]
		pc.Quarantined++
		parts[b.entity] = pc
	}
	for k, pc := range parts {
		pc.Read = pc.Inserted + pc.Updated + pc.Unchanged + pc.Quarantined + pc.Skipped
		parts[k] = pc
	}
	if s.Links, err = p.linkUnits(ctx, c, runID); err != nil {
		return fmt.Errorf("load %s: links: %w", path, err)
	}
	if !direct {
		if _, err := c.ExecContext(ctx, `DROP TABLE `+stg); err != nil {
			return fmt.Errorf("load %s: drop staged rows: %w", path, err)
		}
	}
	p.tr.step("count links")
	if len(p.targets) > 1 {
		s.Parts = parts
	}
	s.Counts = tot
	if err := finishRun(ctx, c, runID, s, in.size); err != nil {
		return err
	}
	if commitHook != nil {
		commitHook()
	}
	p.tr.step("finish run")
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("load %s: commit: %w", path, err)
	}
	commit = true
	p.tr.step("commit")
	// The load is committed: a failed purge is finished by the next open
	// (warehouse/recover.go), so it does not fail the load.
	_ = purgeReplaced(context.WithoutCancel(ctx), c, runID)
	p.tr.step("delete replaced rows")
	return nil
}

// commitHook, when set (tests), runs just before a load's COMMIT.
var commitHook func()

func (o Options) limits() limits {
	return limits{maxBytes: o.MaxRecordBytes, maxLines: o.MaxQuotedLines}
}

type errBox struct{ err error }

type result struct {
	rec  arrow.RecordBatch
	bad  []badRow
	n    int64
	st   rowStats
	keys [][]uint64 // key hashes per target (keyset.go)
}

// chanReader is the array.RecordReader DuckDB pulls staged batches from.
type chanReader struct {
	refs    atomic.Int64
	schema  *arrow.Schema
	ch      <-chan result
	cur     arrow.RecordBatch
	read    int64
	bad     []badRow
	maxBad  float64
	readErr *atomic.Value
	err     error
	stats   rowStats
	keys    *keySet
}

var _ array.RecordReader = (*chanReader)(nil)

func (r *chanReader) Retain() { r.refs.Add(1) }
func (r *chanReader) Release() {
	if r.refs.Add(-1) == 0 && r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}
func (r *chanReader) Schema() *arrow.Schema { return r.schema }
func (r *chanReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	for res := range r.ch {
		r.read += res.n
		r.bad = append(r.bad, res.bad...)
		r.stats.add(res.st)
		for ti, hs := range res.keys {
			r.keys.add(ti, hs)
		}
		if n := int64(len(r.bad)); n >= 1000 && float64(n) > r.maxBad*float64(r.read) && r.read >= 10000 {
			ex := r.bad[0]
			r.err = fmt.Errorf("%w: %d of the first %d rows rejected, so the file was not loaded; the first, line %d: %s", ErrTooManyBad, n, r.read, ex.line, ex.reason)
			res.rec.Release()
			return false
		}
		if res.rec.NumRows() == 0 {
			res.rec.Release()
			continue
		}
		r.cur = res.rec
		return true
	}
	if e := r.readErr.Load(); e != nil {
		r.err = e.(errBox).err
	}
	return false
}
func (r *chanReader) Record() arrow.RecordBatch      { return r.cur }
func (r *chanReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *chanReader) Err() error                     { return r.err }

// failure is the pipeline's own error, if any, after DuckDB stopped reading.
func (r *chanReader) failure() error {
	if r.err != nil {
		return r.err
	}
	if e := r.readErr.Load(); e != nil {
		return e.(errBox).err
	}
	return nil
}

func tooManyBad(path string, bad, read int64, rows []badRow) error {
	ex := rows[0]
	return &ParseError{File: path, Line: ex.line, Column: ex.col, Value: ex.value,
		Err: fmt.Errorf("%w: %d of %d rows rejected, so the file was not loaded; the first: %s. Check the delimiter, encoding, decimal and date settings of the mapping", ErrTooManyBad, bad, read, ex.reason)}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// insertQuarantine writes rejected rows as one Arrow batch.
func insertQuarantine(ctx context.Context, c *sql.Conn, runID int64, path string, bad []badRow) error {
	if len(bad) == 0 {
		return nil
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "run_id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "file", Type: arrow.BinaryTypes.String},
		{Name: "entity", Type: arrow.BinaryTypes.String},
		{Name: "line", Type: arrow.PrimitiveTypes.Int64},
		{Name: "col", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "value", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "reason", Type: arrow.BinaryTypes.String},
		{Name: "raw", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	sort.Slice(bad, func(i, j int) bool { return bad[i].line < bad[j].line })
	for _, r := range bad {
		b.Field(0).(*array.Int64Builder).Append(runID)
		b.Field(1).(*array.StringBuilder).Append(path)
		b.Field(2).(*array.StringBuilder).Append(r.entity)
		b.Field(3).(*array.Int64Builder).Append(r.line)
		appendOpt(b.Field(4).(*array.StringBuilder), r.col)
		appendOpt(b.Field(5).(*array.StringBuilder), validText(r.value))
		b.Field(6).(*array.StringBuilder).Append(validText(r.reason))
		appendOpt(b.Field(7).(*array.StringBuilder), validText(r.raw))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer rdr.Release()
	_, err = warehouse.InsertArrow(ctx, c, "quarantine", rdr)
	return err
}

func appendOpt(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}
