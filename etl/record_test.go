package etl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

type recOut struct {
	rec  string
	line int64
	kind string // "", "stray", "unclosed", "long"
}

func readAll(in string, lim limits) ([]recOut, error) {
	rr := newRecordReaderOpts(strings.NewReader(in), ',', lim)
	var out []recOut
	for i := 0; i <= len(in)+1; i++ {
		rec, line, err := rr.next()
		var stray *errStrayQuote
		switch {
		case errors.Is(err, io.EOF):
			return out, nil
		case errors.As(err, &stray):
			out = append(out, recOut{string(rec), line, "stray"})
		case errors.Is(err, errUnterminated):
			out = append(out, recOut{string(rec), line, "unclosed"})
		case errors.Is(err, ErrRecordTooLong):
			return append(out, recOut{"", line, "long"}), err
		case err != nil:
			return out, err
		default:
			out = append(out, recOut{string(rec), line, ""})
		}
	}
	return out, errors.New("the reader does not advance")
}

func TestRecordReaderBounds(t *testing.T) {
	small := limits{maxBytes: 32, maxLines: 3}
	cases := []struct {
		name string
		in   string
		lim  limits
		want []recOut
	}{
		{"plain", "a,b\nc,d", limits{}, []recOut{{"a,b", 1, ""}, {"c,d", 2, ""}}},
		{"crlf", "a\r\nb\r\n", limits{}, []recOut{{"a", 1, ""}, {"b", 2, ""}}},
		{"quoted line break", "a,\"x\ny\",b\nc\n", limits{}, []recOut{{"a,\"x\ny\",b", 1, ""}, {"c", 3, ""}}},
		{"quote inside an unquoted field", "5\" tv,x\nb\n", limits{}, []recOut{{"5\" tv,x", 1, ""}, {"b", 2, ""}}},
		{"doubled quotes", "\"a\"\"\nb\",c\nd\n", limits{}, []recOut{{"\"a\"\"\nb\",c", 1, ""}, {"d", 3, ""}}},
		{"stray quote resynchronises", "a\n\"b\nc\nd\ne\nf\n", small,
			[]recOut{{"a", 1, ""}, {"\"b", 2, "stray"}, {"c", 3, ""}, {"d", 4, ""}, {"e", 5, ""}, {"f", 6, ""}}},
		{"stray quote by size", "\"" + strings.Repeat("x,\n", 12), limits{maxBytes: 16, maxLines: 100},
			append([]recOut{{"\"x,", 1, "stray"}}, repeatRec("x,", 2, 11)...)},
		{"quote open at the end", "a\n\"b\nc\n", limits{}, []recOut{{"a", 1, ""}, {"\"b", 2, "stray"}, {"c", 3, ""}}},
		{"unclosed last line", "a\n\"b,c", limits{}, []recOut{{"a", 1, ""}, {"\"b,c", 2, "unclosed"}}},
		{"two stray quotes", "\"a\nb\nc\nd\n\"e\nf\ng\nh\n", small,
			[]recOut{{"\"a", 1, "stray"}, {"b", 2, ""}, {"c", 3, ""}, {"d", 4, ""}, {"\"e", 5, "stray"}, {"f", 6, ""}, {"g", 7, ""}, {"h", 8, ""}}},
		{"endless line", "h\n" + strings.Repeat("x", 100), small, []recOut{{"h", 1, ""}, {"", 2, "long"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := readAll(tc.in, tc.lim)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func repeatRec(rec string, from int64, n int) []recOut {
	var out []recOut
	for i := 0; i < n; i++ {
		out = append(out, recOut{rec, from + int64(i), ""})
	}
	return out
}

// FuzzRecordReaderBounded: with small limits, every input is read to its end
// with lines strictly increasing, no record above the limits, and no loop.
func FuzzRecordReaderBounded(f *testing.F) {
	for _, s := range []string{"a,b\n\"c\nd\",e\n", "\"\n\n\n\n\nx", "a\"b\n\"\"\"\n", "\r\r\n\"", strings.Repeat("\"x\n", 20)} {
		f.Add(s)
	}
	lim := limits{maxBytes: 24, maxLines: 3}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := readAll(s, lim)
		if err != nil && !errors.Is(err, ErrRecordTooLong) {
			t.Fatal(err)
		}
		prev := int64(0)
		for _, r := range got {
			if r.line <= prev {
				t.Fatalf("line %d after %d", r.line, prev)
			}
			prev = r.line
			if len(r.rec) > lim.maxBytes*(lim.maxLines+1) {
				t.Fatalf("record of %d bytes", len(r.rec))
			}
		}
	})
}
