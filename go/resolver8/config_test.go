package resolver8

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, in string
		want     Config
		whois    string
		err      bool
	}{
		{name: "empty", in: "", want: Config{DNS: "127.0.0.1:53"}, whois: "127.0.0.1"},
		{name: "IPv4", in: "search x\nnameserver 10.0.0.53\nnameserver 10.0.0.54\n", want: Config{DNS: "10.0.0.53:53"}, whois: "10.0.0.53"},
		{name: "IPv8 and whois8", in: "# lab\nnameserver 65002.10.0.0.53\nwhois8 10.0.0.53\n",
			want: Config{DNS: "65002.10.0.0.53:53", Whois: "10.0.0.53"}, whois: "10.0.0.53"},
		{name: "port kept", in: "nameserver 65002.10.0.0.53:5353\n", want: Config{DNS: "65002.10.0.0.53:5353"}, whois: "65002.10.0.0.53"},
		{name: "IPv6", in: "nameserver ::1\n", want: Config{DNS: "[::1]:53"}, whois: "::1"},
		{name: "no address", in: "nameserver\n", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig(strings.NewReader(tc.in))
			if (err != nil) != tc.err {
				t.Fatalf("err %v, want error %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if d := cmp.Diff(tc.want, *c); d != "" {
				t.Error(d)
			}
			if w := c.WhoisServer(); w != tc.whois {
				t.Errorf("WhoisServer %q, want %q", w, tc.whois)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add("nameserver 65002.10.0.0.53\nwhois8 10.0.0.53\n")
	f.Add("nameserver\n")
	f.Add("; x\n\tnameserver [::1]:53 extra\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig(strings.NewReader(s))
		if err != nil {
			return
		}
		if c.DNS == "" {
			t.Fatal("no DNS server")
		}
		_ = c.WhoisServer()
	})
}
