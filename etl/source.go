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
	f        *os.File
	size     int64
	read     atomic.Int64 // raw bytes read, for progress
	hash     hash.Hash
	tee      io.Reader // raw bytes, hashed
	r        *bufio.Reader
	gz       bool
	format   format
	encoding string
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
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, errors.Join(err, f.Close())
	}
	in := &input{path: path, f: f, size: st.Size(), hash: sha256.New()}
	in.tee = io.TeeReader(&countingReader{r: f, n: &in.read}, in.hash)
	br := bufio.NewReaderSize(in.tee, 1<<20)
	magic, _ := br.Peek(4)
	var text io.Reader = br
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, errors.Join(corrupt(path, err), f.Close())
		}
		in.gz = true
		text = zr
	}
	tb := bufio.NewReaderSize(text, 1<<20)
	head, err := tb.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, errors.Join(corrupt(path, err), f.Close())
	}
	lower := strings.ToLower(path)
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		in.format = fmtParquet
	case strings.HasSuffix(strings.TrimSuffix(lower, ".gz"), ".ndjson") || strings.HasSuffix(strings.TrimSuffix(lower, ".gz"), ".jsonl") ||
		strings.HasSuffix(strings.TrimSuffix(lower, ".gz"), ".json") || bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")):
		in.format = fmtNDJSON
	}
	if in.format == fmtParquet {
		in.r = tb
		return in, nil
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return nil, errors.Join(&ParseError{File: path, Err: fmt.Errorf("%w: NUL byte at offset %d; expected CSV, NDJSON or Parquet (optionally gzipped)", ErrBinary, i)}, f.Close())
	}
	// BOM and encoding
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = tb.Discard(3)
		head = head[3:]
		in.encoding = "utf-8"
	}
	switch strings.ToLower(enc) {
	case "latin-1", "latin1", "iso-8859-1", "windows-1252", "cp1252":
		in.encoding = "latin-1"
	case "utf-8", "utf8":
		in.encoding = "utf-8"
	default:
		if in.encoding == "" {
			in.encoding = "utf-8"
			if !validUTF8Prefix(head) {
				in.encoding = "latin-1"
			}
		}
	}
	if in.encoding == "latin-1" {
		in.r = bufio.NewReaderSize(transform.NewReader(tb, charmap.Windows1252.NewDecoder()), 1<<20)
	} else {
		in.r = tb
	}
	return in, nil
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
