package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRunUsage covers what needs no socket: help, usage errors and their
// exit statuses.
func TestRunUsage(t *testing.T) {
	for _, tt := range []struct {
		args       []string
		code       int
		stdout     string // a substring, "" for empty
		stderrPart string
	}{
		{nil, 2, "", "usage: udp8-echo server"},
		{[]string{"-h"}, 0, "usage: udp8-echo server", ""},
		{[]string{"help"}, 0, "usage: udp8-echo server", ""},
		{[]string{"client", "-h"}, 0, "-window", ""},
		{[]string{"server", "-h"}, 0, "-rcvbuf", ""},
		{[]string{"bogus"}, 2, "", `unknown command "bogus"`},
		{[]string{"client"}, 2, "", "want one ADDR:PORT, got 0"},
		{[]string{"client", "a", "b"}, 2, "", "want one ADDR:PORT, got 2"},
		{[]string{"client", "65001.1.2.3.4"}, 2, "", "missing port"},
		{[]string{"client", "-n", "x", "65001.1.2.3.4:7"}, 2, "", "invalid value"},
		{[]string{"client", "-min", "9", "-max", "8", "65001.1.2.3.4:7"}, 2, "", "bad -n"},
		{[]string{"client", "-window", "0", "65001.1.2.3.4:7"}, 2, "", "bad -n"},
		{[]string{"server", "-x", "65001.1.2.3.4:7"}, 2, "", "flag provided but not defined"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code != tt.code ||
			tt.stdout == "" && stdout.Len() > 0 || !strings.Contains(stdout.String(), tt.stdout) ||
			!strings.Contains(stderr.String(), tt.stderrPart) || tt.stderrPart == "" && stderr.Len() > 0 {
			t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
				tt.args, code, &stdout, &stderr, tt.code, tt.stdout, tt.stderrPart)
		}
	}
}
