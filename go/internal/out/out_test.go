package out

import (
	"bytes"
	"errors"
	"testing"
)

// sample prints a small document through every kind of call.
func sample(p *Printer) {
	p.OpenArray("")
	for i, name := range []string{"a\"b", "c"} {
		p.OpenObject("")
		p.Uint("n", "%d: ", uint64(i))
		p.String("name", "%s", name)
		p.Bool("on", " %s", i == 0)
		if i == 1 {
			p.Flag("gone", " gone")
		}
		p.OpenArray("list")
		p.OpenObject("")
		p.String("x", " x=%s", "1")
		p.CloseObject()
		p.CloseArray()
		p.OpenArray("tags")
		p.Element(" <%s>", "t")
		p.Element("", "u")
		p.CloseArray()
		p.Text(" text-only")
		p.String("json_only", "", "j")
		p.Text("\n")
		p.CloseObject()
	}
	p.CloseArray()
}

func TestPrinter(t *testing.T) {
	tests := []struct {
		name         string
		json, pretty bool
		want         string
	}{
		{"text", false, false, "0: a\"b on x=1 <t> text-only\n1: c off gone x=1 <t> text-only\n"},
		{"text ignores pretty", false, true, "0: a\"b on x=1 <t> text-only\n1: c off gone x=1 <t> text-only\n"},
		{"json", true, false, `[{"n":0,"name":"a\"b","on":true,"list":[{"x":"1"}],"tags":["t","u"],"json_only":"j"},` +
			`{"n":1,"name":"c","on":false,"gone":true,"list":[{"x":"1"}],"tags":["t","u"],"json_only":"j"}]` + "\n"},
		{"pretty", true, true, "[\n    {\n        \"n\": 0,\n        \"name\": \"a\\\"b\",\n        \"on\": true,\n" +
			"        \"list\": [\n            {\n                \"x\": \"1\"\n            }\n        ],\n" +
			"        \"tags\": [\n            \"t\",\n            \"u\"\n        ],\n" +
			"        \"json_only\": \"j\"\n    },\n    {\n        \"n\": 1,\n        \"name\": \"c\",\n" +
			"        \"on\": false,\n        \"gone\": true,\n        \"list\": [\n            {\n" +
			"                \"x\": \"1\"\n            }\n        ],\n" +
			"        \"tags\": [\n            \"t\",\n            \"u\"\n        ],\n        \"json_only\": \"j\"\n    }\n]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := New(&b, tt.json, tt.pretty)
			sample(p)
			if err := p.Err(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// Several top-level documents stream one per line, as monitor prints.
func TestStream(t *testing.T) {
	var b bytes.Buffer
	p := New(&b, true, false)
	for i := range 2 {
		p.OpenObject("")
		p.Uint("i", "", uint64(i))
		p.CloseObject()
	}
	p.OpenArray("")
	p.CloseArray()
	if want := "{\"i\":0}\n{\"i\":1}\n[]\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(b []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestWriteError(t *testing.T) {
	for _, json := range []bool{false, true} {
		w := &failWriter{}
		p := New(w, json, false)
		sample(p)
		sample(p)
		if p.Err() == nil || w.n != 1 {
			t.Errorf("json=%v: Err %v after %d writes, want the first error and one write", json, p.Err(), w.n)
		}
	}
}
