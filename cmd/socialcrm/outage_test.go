package main

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"
)

// tcpProxy forwards connections to target until it is cut: then it
// closes every connection and refuses new ones, as a stopped Postgres
// server would, until it is restored on the same port.
type tcpProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *tcpProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut meanwhile
		p.mu.Unlock()
		c.Close()
		s.Close()
		return
	}
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

// cut closes the listener and every connection.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// restore listens again on the same address.
func (p *tcpProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("restore proxy on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestDemo_PostgresOutage cuts the demo off its Postgres for 10 seconds
// while mentions pour in (through a TCP proxy that closes every
// connection and refuses new ones, as a stopped server does): the
// pipeline and the case opener hold their partitions and retry, and once
// Postgres is back every acknowledged mention is stored with its case.
func TestDemo_PostgresOutage(t *testing.T) {
	db := testDatabase(t, "to cut a demo off its Postgres")
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, u.Host)
	viaProxy := *u
	viaProxy.Host = proxy.addr
	d := startProcess(t, map[string]string{"DATABASE_URL": viaProxy.String()}, "demo", "--addr", "127.0.0.1:0",
		"--broker", "127.0.0.1:0", "--rate", "0", "--burst-every", "0", "--log-level", "warn")
	l := startLoad(t, d.brokers(), "outage", 100)
	waitAcked(t, l, 200)
	proxy.cut()
	cutAt := l.count()
	time.Sleep(10 * time.Second)
	proxy.restore()
	t.Logf("Postgres cut for 10s: %d mentions acknowledged before, %d during", cutAt, l.count()-cutAt)
	waitAcked(t, l, l.count()+200)
	acked := l.halt()
	checkDelivered(t, db, "outage", acked, 60*time.Second)
}
