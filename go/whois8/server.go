package whois8

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server answers WHOIS8 queries from a registry. The zero value is not
// usable: set the registry with SetRegistry (also to reload it live).
type Server struct {
	// Timeout bounds the whole exchange with one client (default 10 s), so
	// that a silent client cannot hold a connection.
	Timeout time.Duration
	// Log, if set, receives one line per query.
	Log func(remote, query string, found bool)

	reg atomic.Pointer[Registry]
	wg  sync.WaitGroup
}

// NewServer returns a server answering from reg.
func NewServer(reg *Registry) *Server {
	s := &Server{}
	s.reg.Store(reg)
	return s
}

// SetRegistry replaces the registry; queries in flight keep the old one.
func (s *Server) SetRegistry(reg *Registry) { s.reg.Store(reg) }

// Serve accepts connections on l until l is closed or ctx is done. The
// listener may be any net.Listener: TCP today, TCP8 later.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	for {
		c, err := l.Accept()
		if err != nil {
			s.wg.Wait()
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(c)
		}()
	}
}

func (s *Server) handle(c net.Conn) {
	defer c.Close()
	to := s.Timeout
	if to <= 0 {
		to = 10 * time.Second
	}
	c.SetDeadline(time.Now().Add(to))
	// One octet more than the longest query plus CRLF tells "too long"
	// apart without reading an unbounded line.
	br := bufio.NewReaderSize(io.LimitReader(c, MaxQueryLen+3), MaxQueryLen+3)
	line, err := br.ReadString('\n')
	var ans []byte
	switch {
	case err != nil && !(errors.Is(err, io.EOF) && line != ""):
		// No complete line: too long, or the client went away.
		if len(line) < MaxQueryLen+3 {
			return
		}
		ans = []byte("%ERROR:102: invalid query\r\n")
	default:
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		ans = s.reg.Load().Answer(line)
		if s.Log != nil {
			s.Log(c.RemoteAddr().String(), line, !strings.HasPrefix(string(ans), "%ERROR"))
		}
	}
	c.Write(ans)
}
