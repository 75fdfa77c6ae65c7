// Package appproc runs a built Forge app binary as a child process, for the
// tests and the demo client that drive a real binary.
//
// The app binds its listeners itself, on loopback port 0, and reports the
// ports the kernel chose in its serving log line (server.ServingMessage).
// Choosing a free port in the parent and handing it to the child would
// leave a gap between the parent closing its probe listener and the child
// binding, in which a parallel test can take the port.
//
// What appproc is not for: building the binary, or talking to the app once
// it serves; callers do that with the addresses it reports.
package appproc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/forge-framework/forge/runtime/server"
)

// StartTimeout bounds how long Start waits for the app to serve: start-up
// applies migrations, so it is generous, for a loaded machine.
const StartTimeout = 2 * time.Minute

// Process is an app that is serving.
type Process struct {
	// HTTPAddr is the public listener's address, host:port.
	HTTPAddr string
	// AdminAddr is the admin listener's address, host:port.
	AdminAddr string

	cmd    *exec.Cmd
	output *output
	exited chan struct{}
	err    error // cmd.Wait's result; set before exited is closed
}

// Start starts cmd, an app built on runtime/server, with both listeners on
// 127.0.0.1:0 and JSON logs (its FORGE_HTTP_ADDR, FORGE_ADMIN_ADDR and
// FORGE_OBSERVE_LOG_FORMAT are overridden; cmd.Env nil means the parent's
// environment; the log level must let info through). Start takes cmd's
// stdout and stderr, which Logs returns. It returns once the app logs that
// it serves; if the app exits first, ctx ends or StartTimeout passes, it
// kills the app and returns an error that holds its output.
func Start(ctx context.Context, cmd *exec.Cmd) (*Process, error) {
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	// The last of duplicate variables wins (os/exec).
	cmd.Env = append(env[:len(env):len(env)],
		"FORGE_HTTP_ADDR=127.0.0.1:0",
		"FORGE_ADMIN_ADDR=127.0.0.1:0",
		"FORGE_OBSERVE_LOG_FORMAT=json",
	)
	out := &output{serving: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{cmd: cmd, output: out, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()

	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	select {
	case <-out.serving:
		p.HTTPAddr, p.AdminAddr = out.httpAddr, out.adminAddr
		return p, nil
	case <-p.exited:
		return nil, fmt.Errorf("%s exited before serving: %v\n%s", cmd.Path, p.err, p.Logs())
	case <-ctx.Done():
		p.Stop()
		return nil, fmt.Errorf("%s not serving: %w\n%s", cmd.Path, context.Cause(ctx), p.Logs())
	}
}

// Logs returns what the app wrote to stdout and stderr so far.
func (p *Process) Logs() string { return p.output.String() }

// Exited is closed when the app has exited; Err is its result then.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Err is the app's exit result (nil for exit status 0); valid once Exited
// is closed.
func (p *Process) Err() error {
	<-p.exited
	return p.err
}

// Signal sends sig to the app.
func (p *Process) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Stop kills the app, if it still runs, and waits for it to exit.
func (p *Process) Stop() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// output collects the app's stdout and stderr and watches them for the
// serving line. os/exec copies each stream from its own goroutine.
type output struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	scanned   int // bytes of buf already looked at, up to a line's end
	serving   chan struct{}
	found     bool
	httpAddr  string
	adminAddr string
}

func (o *output) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(b)
	for !o.found {
		rest := o.buf.Bytes()[o.scanned:]
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			break
		}
		o.scanned += end + 1
		if h, a, ok := servingLine(rest[:end]); ok {
			o.found, o.httpAddr, o.adminAddr = true, h, a
			close(o.serving)
		}
	}
	return len(b), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// servingLine reports whether line is the JSON serving line, and its
// addresses.
func servingLine(line []byte) (httpAddr, adminAddr string, ok bool) {
	var rec struct {
		Msg   string `json:"msg"`
		HTTP  string `json:"http"`
		Admin string `json:"admin"`
	}
	if !bytes.HasPrefix(line, []byte("{")) || json.Unmarshal(line, &rec) != nil {
		return "", "", false
	}
	if rec.Msg != server.ServingMessage || rec.HTTP == "" || rec.Admin == "" {
		return "", "", false
	}
	return rec.HTTP, rec.Admin, true
}
