package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// line is one line the process printed on stdout and when the test read it.
type line struct {
	text string
	at   time.Time
}

// proc is one run of the real binary: its stdout read line by line through a
// pipe, its stderr (the logs) kept for the failure report.
type proc struct {
	t       *testing.T
	name    string
	cmd     *exec.Cmd
	started time.Time
	stdin   io.WriteCloser // nil unless kept open

	mu      sync.Mutex
	lines   []line
	changed chan struct{} // closed and replaced on every new line and at EOF
	eof     bool
	stderr  testworld.SyncBuffer

	exited  chan struct{}
	exitErr error // set before exited is closed
}

// procOptions says how to run the binary.
type procOptions struct {
	name     string // for messages: "first run", "restart"
	dataDir  string
	httpAddr string
	// input, when set, is the whole of stdin (EOF after it); otherwise stdin
	// is a pipe kept open until closeStdin, or /dev/null with noStdin.
	input   *string
	noStdin bool
	// env adds settings (e.g. Slack's) to the hermetic environment.
	env []string
	// args are the command-line arguments (e.g. "check").
	args []string
}

// startProc starts the binary with a hermetic environment: nothing but
// DATA_DIR and HTTP_ADDR is configured, in a working directory of its own so
// that no stray .env is read. The process is killed at the end of the test
// if it is still running.
func startProc(t *testing.T, o procOptions) *proc {
	t.Helper()
	if builtBinary == "" {
		t.Fatal("the binary was not built (TestMain)")
	}
	workDir := t.TempDir()
	cmd := exec.Command(builtBinary, o.args...)
	cmd.Dir = workDir
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + workDir,
		"TMPDIR=" + workDir,
		"DATA_DIR=" + o.dataDir,
		"HTTP_ADDR=" + o.httpAddr,
	}
	cmd.Env = append(cmd.Env, o.env...)
	p := &proc{t: t, name: o.name, cmd: cmd, changed: make(chan struct{}), exited: make(chan struct{})}
	switch {
	case o.noStdin:
	case o.input != nil:
		cmd.Stdin = strings.NewReader(*o.input)
	default:
		w, err := cmd.StdinPipe()
		if err != nil {
			t.Fatalf("%s: stdin pipe: %v", o.name, err)
		}
		p.stdin = w
	}
	// An os.Pipe, not StdoutPipe: the child writes to the file directly, so
	// Wait may run at once in its own goroutine while the lines are read.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatalf("%s: stdout pipe: %v", o.name, err)
	}
	cmd.Stdout = w
	cmd.Stderr = &p.stderr
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		_ = r.Close()
		_ = w.Close()
		t.Fatalf("%s: starting %s: %v", o.name, builtBinary, err)
	}
	_ = w.Close()
	go p.readStdout(r)
	go func() {
		p.exitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			p.dump()
		}
	})
	return p
}

func (p *proc) readStdout(r io.ReadCloser) {
	defer func() { _ = r.Close() }()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		p.mu.Lock()
		p.lines = append(p.lines, line{text: sc.Text(), at: time.Now()})
		close(p.changed)
		p.changed = make(chan struct{})
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.eof = true
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
}

// waitLine waits for the first line at index from or later that contains
// want, and returns its index and the line. It fails the test at the
// deadline or if stdout ends without it.
func (p *proc) waitLine(from int, want string, timeout time.Duration) (int, line) {
	p.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		for i := from; i < len(p.lines); i++ {
			if strings.Contains(p.lines[i].text, want) {
				l := p.lines[i]
				p.mu.Unlock()
				return i, l
			}
		}
		eof, changed := p.eof, p.changed
		p.mu.Unlock()
		if eof {
			p.t.Fatalf("%s: stdout ended without a line containing %q", p.name, want)
		}
		select {
		case <-changed:
		case <-deadline.C:
			p.t.Fatalf("%s: no line containing %q within %s", p.name, want, timeout)
		}
	}
}

// output is every stdout line read so far.
func (p *proc) output() []line {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]line(nil), p.lines...)
}

// send writes one command to the kept-open stdin.
func (p *proc) send(cmd string) {
	p.t.Helper()
	if p.stdin == nil {
		p.t.Fatalf("%s: stdin is not kept open", p.name)
	}
	if _, err := io.WriteString(p.stdin, cmd+"\n"); err != nil {
		p.t.Fatalf("%s: writing %q to stdin: %v", p.name, cmd, err)
	}
}

func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("%s: sending %v: %v", p.name, sig, err)
	}
}

// waitExit waits for the process to end and returns its exit code, or -1
// when a signal killed it. It fails the test at the deadline.
func (p *proc) waitExit(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
	case <-time.After(timeout):
		p.t.Fatalf("%s: still running %s after it should have ended", p.name, timeout)
	}
	if p.exitErr == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(p.exitErr, &ee) {
		p.t.Fatalf("%s: waiting for the process: %v", p.name, p.exitErr)
	}
	return ee.ExitCode()
}

// dump logs what the process printed, for a failed test.
func (p *proc) dump() {
	var b strings.Builder
	for _, l := range p.output() {
		b.WriteString(l.at.Format("15:04:05.000") + " | " + l.text + "\n")
	}
	p.t.Logf("%s stdout:\n%s", p.name, b.String())
	p.t.Logf("%s stderr (last lines):\n%s", p.name, testworld.Tail(p.stderr.String(), 60))
}

// newDataDir is a fresh DATA_DIR for one test.
func newDataDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "data")
}
