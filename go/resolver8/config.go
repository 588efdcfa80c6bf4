package resolver8

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

// DefaultConfPath is the file System reads; IPV8_RESOLV_CONF names
// another one (tests, and hosts that keep the IPv8 servers apart).
const DefaultConfPath = "/etc/resolv.conf"

// Config is what programs without server options (ping8) take from the
// resolver configuration file: resolv.conf(5) plus one keyword of ours.
//
//	nameserver 65002.10.0.0.53    first line wins; IPv8 (UDP8) or IPv4 (UDP)
//	whois8     10.0.0.53          WHOIS8 server for A8 keys (TCP port 43)
//
// The C library skips lines it does not understand, so the file still
// serves IPv4 programs; an IPv8 nameserver is ignored by them (under
// `ip netns exec`, /etc/netns/NAME/resolv.conf is the namespace's own).
type Config struct {
	DNS   string // host:port, port 53 unless given
	Whois string // host or host:port; "" means the DNS server's host
}

// ParseConfig reads a resolver configuration. Without a nameserver line
// the server is 127.0.0.1:53.
func ParseConfig(r io.Reader) (*Config, error) {
	c := &Config{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		switch f[0] {
		case "nameserver", "whois8":
			if len(f) < 2 {
				return nil, fmt.Errorf("line %d: %s without an address", n, f[0])
			}
			if f[0] == "nameserver" && c.DNS == "" {
				c.DNS = HostPort(f[1], "53")
			}
			if f[0] == "whois8" && c.Whois == "" {
				c.Whois = f[1]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if c.DNS == "" {
		c.DNS = "127.0.0.1:53"
	}
	return c, nil
}

// System reads $IPV8_RESOLV_CONF or /etc/resolv.conf; a missing file
// gives the defaults.
func System() (*Config, error) {
	path := os.Getenv("IPV8_RESOLV_CONF")
	if path == "" {
		path = DefaultConfPath
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return ParseConfig(strings.NewReader(""))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := ParseConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// WhoisServer is the WHOIS8 server: the whois8 line, else the DNS
// server's host.
func (c *Config) WhoisServer() string {
	if c.Whois != "" {
		return c.Whois
	}
	host, _, err := net.SplitHostPort(c.DNS)
	if err != nil {
		return c.DNS
	}
	return host
}

// HostPort adds port to s unless s has one ("[v6]" and bare IPv6 text
// are handled as in resolv.conf).
func HostPort(s, port string) string {
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s
	}
	return net.JoinHostPort(strings.Trim(s, "[]"), port)
}
