package dns8

import "testing"

func TestNetworkOf(t *testing.T) {
	for in, want := range map[string]string{
		"65002.10.0.0.53:53":       "udp8",
		"0.0.253.234.10.0.0.53:53": "udp8",
		"10.0.0.53:53":             "udp",
		"0.0.0.0.10.0.0.53:53":     "udp",
		"[::1]:53":                 "udp",
		"ns.example.net:53":        "udp",
		"65002.10.0.0.53":          "udp", // no port: not a server address
	} {
		if got := NetworkOf(in); got != want {
			t.Errorf("NetworkOf(%q) = %q, want %q", in, got, want)
		}
	}
}
