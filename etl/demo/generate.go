package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
)

// writeBuffer is the size of each file's bufio.Writer.
const writeBuffer = 4 << 20

// Generate writes products.csv, order_lines.csv, return_lines.csv, claims.csv
// and truth.json into dir (created if needed) and returns the truth. The
// output depends only on opts (not on Workers): the same options give the
// same bytes. Files are written under temporary names and renamed at the end,
// so dir never holds a half-written file under a final name.
func Generate(ctx context.Context, dir string, opts Options) (*Truth, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	cal, err := newCalendar(opts.EndWeek, opts.Weeks)
	if err != nil {
		return nil, err
	}
	m, err := buildModel(opts, cal)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create demo dir: %w", err)
	}
	var total counts
	files := make([]*outFile, nFiles)
	defer func() {
		for _, f := range files {
			if f != nil {
				f.abort()
			}
		}
	}()
	for i, name := range fileNames {
		if files[i], err = createOut(filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	if err := m.writeProducts(files[fProducts].w, &total); err != nil {
		return nil, fmt.Errorf("write %s: %w", ProductsFile, err)
	}
	for _, f := range []int{fOrders, fReturns, fClaims} {
		if err := writeHeader(files[f].w, fileNames[f]); err != nil {
			return nil, fmt.Errorf("write %s: %w", fileNames[f], err)
		}
	}
	if err := m.run(ctx, files, &total); err != nil {
		return nil, err
	}
	fin := &chunk{}
	m.financialClaims(fin)
	total.add(&fin.c)
	if _, err := files[fClaims].w.Write(fin.claims); err != nil {
		return nil, fmt.Errorf("write %s: %w", ClaimsFile, err)
	}
	for i, f := range files {
		if err := f.commit(); err != nil {
			return nil, err
		}
		files[i] = nil
	}
	truth := m.truth(&total)
	b, err := json.MarshalIndent(truth, "", " ")
	if err != nil {
		return nil, fmt.Errorf("encode truth: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, TruthFile), append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write truth: %w", err)
	}
	return truth, nil
}

// outFile is a file written under a temporary name and renamed on commit.
type outFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

func createOut(path string) (*outFile, error) {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &outFile{path: path, f: f, w: bufio.NewWriterSize(f, writeBuffer)}, nil
}

func (o *outFile) commit() error {
	if err := o.w.Flush(); err != nil {
		return errors.Join(fmt.Errorf("write %s: %w", o.path, err), o.f.Close())
	}
	if err := o.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", o.path, err)
	}
	if err := os.Rename(o.path+".tmp", o.path); err != nil {
		return fmt.Errorf("rename %s: %w", o.path, err)
	}
	return nil
}

func (o *outFile) abort() {
	_ = o.f.Close() // best effort: the temporary file is removed next
	_ = os.Remove(o.path + ".tmp")
}

func writeHeader(w *bufio.Writer, name string) error {
	for i, c := range Columns[name] {
		if i > 0 {
			if err := w.WriteByte(','); err != nil {
				return err
			}
		}
		if _, err := w.WriteString(c); err != nil {
			return err
		}
	}
	return w.WriteByte('\n')
}

var chunkPool = sync.Pool{New: func() any { return &chunk{} }}

type job struct {
	block, sku int
	out        chan *chunk
}

// run generates the (week block, SKU) tasks on opts.Workers goroutines and
// writes their chunks in task order, keeping at most a few chunks in memory.
func (m *model) run(ctx context.Context, files []*outFile, total *counts) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blocks := (m.opts.Weeks + blockWeeks - 1) / blockWeeks
	jobs := make(chan job)
	order := make(chan chan *chunk, 2*m.opts.Workers+2)
	go func() {
		defer close(jobs)
		defer close(order)
		for b := range blocks {
			for s := range m.skus {
				out := make(chan *chunk, 1)
				select {
				case order <- out:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{b, s, out}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	for range m.opts.Workers {
		wg.Go(func() {
			for j := range jobs {
				c := chunkPool.Get().(*chunk)
				c.orders, c.returns, c.claims, c.c = c.orders[:0], c.returns[:0], c.claims[:0], counts{}
				m.genTask(j.block, j.sku, c)
				j.out <- c
			}
		})
	}
	var err error
	for out := range order {
		if err != nil {
			continue // drain
		}
		var c *chunk
		select {
		case c = <-out:
		case <-ctx.Done():
			err = ctx.Err()
			continue
		}
		total.add(&c.c)
		for f, b := range [][]byte{fOrders: c.orders, fReturns: c.returns, fClaims: c.claims} {
			if f == fProducts || err != nil {
				continue
			}
			if _, werr := files[f].w.Write(b); werr != nil {
				err = fmt.Errorf("write %s: %w", fileNames[f], werr)
				cancel()
			}
		}
		chunkPool.Put(c)
	}
	cancel()
	wg.Wait()
	if err != nil {
		return fmt.Errorf("generate demo data: %w", err)
	}
	return nil
}

// procCDF is P(processing hours <= x) for the sector's mixture.
func procCDF(spec *sectorSpec, x float64) float64 {
	z := func(x float64) float64 { return normCDF((math.Log(x) - math.Log(spec.procMedian)) / spec.procSigma) }
	const n = 400
	held := 0.0
	for i := range n {
		f := holdFactor[0] + (holdFactor[1]-holdFactor[0])*(float64(i)+0.5)/n
		held += z(x / f)
	}
	return (1-holdShare)*z(x) + holdShare*held/n
}

// procQuantile solves procCDF(x) = q by bisection.
func procQuantile(spec *sectorSpec, q float64) float64 {
	lo, hi := 0.01, spec.procMedian*1000
	for range 200 {
		mid := math.Sqrt(lo * hi)
		if procCDF(spec, mid) < q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return round(math.Sqrt(lo*hi), 3)
}

// truth assembles the ground truth from the model and the counts.
func (m *model) truth(total *counts) *Truth {
	t := &Truth{
		Seed:      m.opts.Seed,
		StartWeek: m.cal.start.Format("2006-01-02"),
		Weeks:     m.opts.Weeks,
		EndWeek:   m.opts.EndWeek,
		Reasons:   Reasons,
		Sectors:   map[string]SectorTruth{},
		Events:    m.events,
		DemandAR:  DemandAR{Phi: DemandARPhi, Sigma: DemandARSigma},
		Files:     map[string]int{},
		Clean:     map[string]int{},
		Sites:     map[string]string{},
	}
	if t.Events == nil {
		t.Events = []Event{}
	}
	for _, s := range m.sites {
		t.Sites[s.code] = s.country
	}
	for _, s := range m.skus {
		t.Products = append(t.Products, s.truth)
	}
	for si, spec := range sectorSpecs {
		num, den := 0.0, 0.0
		for _, s := range m.skus {
			if s.secIdx != si {
				continue
			}
			for w, d := range s.truth.Demand {
				num += d * s.truth.ReturnProb[w]
				den += d
			}
		}
		if den == 0 {
			continue
		}
		mix := map[string]float64{}
		sum := 0.0
		for _, v := range spec.dispositions {
			sum += v
		}
		for k, v := range spec.dispositions {
			if v > 0 {
				mix[Dispositions[k]] = v / sum
			}
		}
		d := func(k int) float64 { return spec.dispositions[k] / sum }
		t.Sectors[spec.code] = SectorTruth{
			ProcessingHoursMean:   spec.procMedian * math.Exp(spec.procSigma*spec.procSigma/2) * (1 - holdShare + holdShare*(holdFactor[0]+holdFactor[1])/2),
			ProcessingHoursMedian: procQuantile(spec, 0.5),
			ProcessingHoursP90:    procQuantile(spec, 0.9),
			BackInUseProb:         d(dRestock) + d(dRefurbish)*spec.refurbOK + d(dRepair) + d(dResell) + d(dDonate),
			RefurbSuccessProb:     spec.refurbOK,
			DispositionMix:        mix,
			ReturnRate:            num / den,
		}
	}
	for f, name := range fileNames {
		t.Files[name] = total.rows[f]
		dirty := 0
		for k, n := range total.dirty[f] {
			if n == 0 {
				continue
			}
			if t.Dirty == nil {
				t.Dirty = map[string]map[string]int{}
			}
			if t.Dirty[name] == nil {
				t.Dirty[name] = map[string]int{}
			}
			t.Dirty[name][DirtyKinds[k]] = n
			if k != kLatin1 {
				dirty += n
			}
		}
		t.Clean[name] = total.rows[f] - dirty
	}
	t.BacklogUnits = total.backlog
	t.BacklogValue = float64(total.backlogCents) / 100
	d := m.deliveryTruth()
	t.Delivery = &d
	return t
}
