package etl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// format is a source file format.
type format int

const (
	fmtCSV format = iota
	fmtNDJSON
	fmtParquet
)

// input is an opened source file: raw bytes are hashed and counted as they are
// read; r yields decompressed, UTF-8 text.
type input struct {
	path     string
	enc      string // encoding asked for ("" or "auto": detected)
	f        *os.File
	size     int64
	read     atomic.Int64 // raw bytes read, for progress
	hash     hash.Hash
	tee      io.Reader // raw bytes, hashed
	r        *bufio.Reader
	gz       bool
	format   format
	encoding string
	perRow   bool // Latin-1 head: records decoded one by one (UTF-8 when valid)
	// plain: the text is the file's bytes after a skip-byte BOM (no gzip,
	// transcoding or line-ending rewrite), so a text offset is a file offset.
	plain bool
	skip  int64
	utf16 bool
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openInput opens path, sees through gzip, tells the format and the text
// encoding (forced by enc when not "" or "auto").
func openInput(path, enc string) (*input, error) {
	if err := checkRegular(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, errors.Join(err, f.Close())
	}
	in := &input{path: path, enc: enc, f: f, size: st.Size(), hash: sha256.New()}
	if err := in.open(enc); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return in, nil
}

// checkRegular refuses what is not a regular, non-empty file, before opening
// it (opening a pipe would wait for a writer).
func checkRegular(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	switch {
	case st.IsDir():
		return &ParseError{File: path, Err: fmt.Errorf("%w: it is a directory; give the files inside it", ErrNotAFile)}
	case !st.Mode().IsRegular():
		return &ParseError{File: path, Err: fmt.Errorf("%w: it is a pipe, socket or device (%s); save the data to a file first", ErrNotAFile, st.Mode().Type())}
	case st.Size() == 0:
		return &ParseError{File: path, Err: fmt.Errorf("%w: 0 bytes", ErrEmptyFile)}
	}
	return nil
}

func (in *input) open(enc string) error {
	path := in.path
	in.tee = io.TeeReader(&countingReader{r: in.f, n: &in.read}, in.hash)
	br := bufio.NewReaderSize(in.tee, 1<<20)
	magic, _ := br.Peek(4)
	var text io.Reader = br
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return corrupt(path, err)
		}
		in.gz = true
		text = zr
	}
	tb := bufio.NewReaderSize(text, 1<<20)
	head, err := peekHead(path, tb)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		// UTF-16 with a byte-order mark: transcoded to UTF-8
		in.encoding = "utf-16"
		in.utf16 = true
		tb = bufio.NewReaderSize(transform.NewReader(tb, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), 1<<20)
		if head, err = peekHead(path, tb); err != nil {
			return err
		}
	}
	lower := strings.TrimSuffix(strings.ToLower(path), ".gz")
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		in.format = fmtParquet
		in.r = tb
		return nil
	case strings.HasSuffix(lower, ".ndjson") || strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".json") ||
		bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")):
		in.format = fmtNDJSON
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		if looksUTF16(head) {
			return &ParseError{File: path, Err: fmt.Errorf("%w: UTF-16 without a byte-order mark: save as UTF-8", ErrEncoding)}
		}
		return &ParseError{File: path, Err: fmt.Errorf("%w: NUL byte at offset %d; expected CSV, NDJSON or Parquet (optionally gzipped)", ErrBinary, i)}
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = tb.Discard(3)
		in.skip = 3
		head = head[3:]
		in.encoding = "utf-8"
	}
	var r io.Reader = tb
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		r = crReader{tb} // classic Mac line endings: CR only
	}
	switch strings.ToLower(enc) {
	case "latin-1", "latin1", "iso-8859-1", "windows-1252", "cp1252":
		in.encoding = "latin-1"
		r = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	case "utf-8", "utf8":
		in.encoding = "utf-8"
	default:
		if in.encoding == "" {
			in.encoding = "utf-8"
			if !validUTF8Prefix(head) {
				// Latin-1 head: each record is decoded on its own, so UTF-8
				// rows further down are not garbled.
				in.encoding = "latin-1"
				in.perRow = true
			}
		}
	}
	in.r = bufio.NewReaderSize(r, 1<<20)
	_, crOnly := r.(crReader)
	in.plain = !in.gz && !in.utf16 && in.encoding == "utf-8" && !in.perRow && !crOnly
	return nil
}

func peekHead(path string, tb *bufio.Reader) ([]byte, error) {
	head, err := tb.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, corrupt(path, err)
	}
	return head, nil
}

// records returns a record reader over the text, decoding each record on its
// own when the encoding is mixed.
func (in *input) records(delim byte, lim limits) *recordReader {
	rr := newRecordReaderOpts(in.r, delim, lim)
	if in.perRow {
		rr.decode = decodeRow
	}
	return rr
}

// decodeRow keeps a valid UTF-8 record and reads any other as Windows-1252
// (a superset of Latin-1 where every byte is a character).
func decodeRow(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	return out
}

// validText returns s as valid UTF-8 for storage: unchanged when it is, read
// as Windows-1252 otherwise.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(decodeRow([]byte(s)))
}

// looksUTF16 reports text whose every other byte is NUL.
func looksUTF16(b []byte) bool {
	n := min(len(b), 512) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	return even > n*3/8 || odd > n*3/8
}

// crReader turns CR line endings into LF.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the end.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

// finish reads what is left of the raw file (so the checksum covers every
// byte) and returns the hex sha256.
func (in *input) finish() (string, error) {
	if _, err := io.Copy(io.Discard, in.tee); err != nil {
		return "", fmt.Errorf("read %s: %w", in.path, err)
	}
	return fmt.Sprintf("%x", in.hash.Sum(nil)), nil
}

func (in *input) close() error { return in.f.Close() }

func corrupt(path string, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the file ends in the middle of its compressed data (truncated copy or download?): copy or export it again"
	case errors.Is(err, gzip.ErrChecksum):
		msg = "the gzip checksum does not match (damaged file): copy or export it again"
	case errors.Is(err, gzip.ErrHeader):
		msg = "not a valid gzip file"
	}
	return &ParseError{File: path, Err: fmt.Errorf("%w: %s", ErrCorrupt, msg)}
}

func baseName(p string) string { return filepath.Base(p) }
