// Package out is the one print path for text and JSON, after iproute2's
// print_*(PRINT_ANY, key, fmt, value): every value is printed with both a
// JSON key and a text format, and the Printer emits whichever the user
// asked for. An empty key means text only; an empty format, JSON only.
//
// JSON is gathered until the outermost array or object closes and is then
// written as one document and a newline (indented with -p), so a caller
// can stream several documents, one per line, as monitor does.
package out

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Printer writes text or JSON to w. The first write error is kept and
// returned by Err; later writes are skipped.
type Printer struct {
	w      io.Writer
	json   bool
	pretty bool

	buf   bytes.Buffer // JSON document being built
	first []bool       // per open container: no member written yet
	err   error
}

// New returns a Printer for text, or for JSON if jsonOut is set; pretty
// indents JSON.
func New(w io.Writer, jsonOut, pretty bool) *Printer {
	return &Printer{w: w, json: jsonOut, pretty: pretty}
}

// JSON reports whether the Printer writes JSON.
func (p *Printer) JSON() bool { return p.json }

// Err returns the first write error.
func (p *Printer) Err() error { return p.err }

func (p *Printer) textf(format string, a ...any) {
	if p.json || format == "" || p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, a...)
}

// Text writes s in text mode only.
func (p *Printer) Text(s string) {
	if p.json || p.err != nil {
		return
	}
	_, p.err = io.WriteString(p.w, s)
}

// member starts a JSON value, writing the comma and the key if inside an
// object (key "" inside an array).
func (p *Printer) member(key string) {
	if n := len(p.first); n > 0 {
		if !p.first[n-1] {
			p.buf.WriteByte(',')
		}
		p.first[n-1] = false
	}
	if key != "" {
		k, _ := json.Marshal(key)
		p.buf.Write(k)
		p.buf.WriteByte(':')
	}
}

func (p *Printer) value(key string, v any) {
	if !p.json || key == "" {
		return
	}
	p.member(key)
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, numbers and bools come here
	}
	p.buf.Write(b)
}

// String prints v: text through format, JSON as "key":"v".
func (p *Printer) String(key, format, v string) {
	p.textf(format, v)
	p.value(key, v)
}

// Element prints v as a member of the array opened last: text through
// format, JSON as a bare string (iproute2's print_string with a NULL key).
func (p *Printer) Element(format, v string) {
	p.textf(format, v)
	if !p.json {
		return
	}
	p.member("")
	b, _ := json.Marshal(v) // a string always marshals
	p.buf.Write(b)
}

// Uint prints v: text through format, JSON as a number.
func (p *Printer) Uint(key, format string, v uint64) {
	p.textf(format, v)
	p.value(key, v)
}

// Bool prints v: text as "on" or "off" through format, JSON as true or
// false.
func (p *Printer) Bool(key, format string, v bool) {
	s := "off"
	if v {
		s = "on"
	}
	p.textf(format, s)
	p.value(key, v)
}

// Flag marks a set flag: text mode prints text, JSON "key":true.
func (p *Printer) Flag(key, text string) {
	p.Text(text)
	p.value(key, true)
}

func (p *Printer) open(key string, c byte) {
	if !p.json {
		return
	}
	p.member(key)
	p.buf.WriteByte(c)
	p.first = append(p.first, true)
}

func (p *Printer) close(c byte) {
	if !p.json {
		return
	}
	p.buf.WriteByte(c)
	p.first = p.first[:len(p.first)-1]
	if len(p.first) == 0 {
		p.flush()
	}
}

// OpenArray starts a JSON array (with key inside an object). Text mode
// prints nothing.
func (p *Printer) OpenArray(key string) { p.open(key, '[') }

// CloseArray ends the array opened last.
func (p *Printer) CloseArray() { p.close(']') }

// OpenObject starts a JSON object (with key inside an object).
func (p *Printer) OpenObject(key string) { p.open(key, '{') }

// CloseObject ends the object opened last.
func (p *Printer) CloseObject() { p.close('}') }

// flush writes the finished JSON document.
func (p *Printer) flush() {
	defer p.buf.Reset()
	if p.err != nil {
		return
	}
	doc := p.buf.Bytes()
	if p.pretty {
		var ind bytes.Buffer
		if err := json.Indent(&ind, doc, "", "    "); err != nil {
			panic(err) // the Printer built doc itself
		}
		doc = ind.Bytes()
	}
	if _, p.err = p.w.Write(doc); p.err == nil {
		_, p.err = io.WriteString(p.w, "\n")
	}
}
