// Package console is the terminal adapter: it reads /capacity commands from a
// reader, runs them through the same bot.Handler as Slack, and prints what
// Slack would show, including the workflows' root messages, thread replies,
// alerts and reports, so the bot can be tried with nothing configured.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// Options configures a Console.
type Options struct {
	In      io.Reader
	Out     io.Writer
	Handler *bot.Handler
	// User is the console user's ID, as the Handler's Authorizer knows it.
	User    string
	Channel string // default "console"
	// Interactive prints a prompt and makes a bare "boost" ask for the
	// form's fields one by one.
	Interactive bool
	Logger      *zap.Logger
	// WaitWorkflow, when set, blocks until the workflow has closed. Wait then
	// waits for every workflow the session started to close, which is exact:
	// a closed boost or analysis has sent all of its messages. Without it,
	// Wait infers the end from the messages printed.
	WaitWorkflow func(ctx context.Context, workflowID string) error
	// Simulated marks every message as coming from the simulated account,
	// even before a workflow has read the account (a boost's first message).
	Simulated bool
	// Width is the width reports are laid out to; 0: the terminal's width
	// when Out is one, else 100.
	Width int
	// ReportDir is where the CSV of a report too large to print whole is
	// written; "" is the system's temporary directory.
	ReportDir string
	// AllowAs accepts "as <user> /capacity …" to act as another user, so one
	// terminal can try a request and its approval. Set it on the simulated
	// account only: with real Cloud keys "as" is refused.
	AllowAs bool
}

// maxLine bounds one input line; the parser refuses long commands anyway.
const maxLine = 64 * 1024

// Console runs commands from a terminal. Its Notifier and its Run loop may
// print at the same time: every write takes the mutex and writes whole lines.
type Console struct {
	o       Options
	now     func() time.Time
	session string // makes request keys unique across runs of the process
	lines   chan string
	readErr error
	start   sync.Once

	mu sync.Mutex // guards the writer and everything below
	// changed is closed and replaced whenever a tracked event happens.
	changed        chan struct{}
	seq            int
	roots          map[workflows.MessageRef]string // root message → namespace
	endedRefs      map[workflows.MessageRef]bool
	boostsStarted  map[string]int // namespace → boosts started this session
	boostsEnded    map[string]int // namespace → root messages that reached a final phase
	reportsWanted  int
	reportsPrinted int
	workflowIDs    []string // every workflow this session started, in order
}

// New builds a Console.
func New(o Options) *Console {
	if o.Channel == "" {
		o.Channel = "console"
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	now := time.Now
	return &Console{
		o:             o,
		now:           now,
		session:       strconv.FormatInt(now().UnixNano(), 36),
		changed:       make(chan struct{}),
		roots:         map[workflows.MessageRef]string{},
		endedRefs:     map[workflows.MessageRef]bool{},
		boostsStarted: map[string]int{},
		boostsEnded:   map[string]int{},
	}
}

// width is the width reports are laid out to (Options.Width).
func (c *Console) width() int {
	if c.o.Width > 0 {
		return c.o.Width
	}
	return outputWidth(c.o.Out)
}

// Notifier returns the workflows.Notifier that prints to this console.
func (c *Console) Notifier() workflows.Notifier { return notifier{c} }

// Run reads commands until EOF (returns nil) or ctx is done (returns its
// error). Lines may start with "/capacity" or not; "quit" and "exit" stop.
func (c *Console) Run(ctx context.Context) error {
	c.startReader()
	n := 0
	for {
		c.prompt("capacity> ")
		line, ok, err := c.readLine(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		text := stripCommand(line)
		if text == "" && strings.TrimSpace(line) == "" {
			continue
		}
		if w := strings.ToLower(text); w == "quit" || w == "exit" {
			return nil
		}
		n++
		user := c.o.User
		if as, rest, ok := actingAs(text); ok {
			if !c.o.AllowAs {
				c.println(asRefused)
				continue
			}
			user, text = as, rest
		}
		caller := bot.Caller{UserID: user, UserName: user, ChannelID: c.o.Channel,
			RequestKey: c.session + "-" + strconv.Itoa(n)}
		c.o.Logger.Debug("console command", zap.String("text", text))
		reply := c.o.Handler.Handle(ctx, caller, text)
		if reply.OpenModal {
			if !c.o.Interactive {
				c.println("The boost form needs an interactive terminal; use the one-line form:\n" +
					"  /capacity boost <namespace> <TRUs> [for <duration> | until <time>] [reason…]")
				continue
			}
			if err := c.boostForm(ctx, caller); err != nil {
				return err
			}
			continue
		}
		c.track(reply)
		if reply.Kind == bot.ReplyHistory && reply.History != nil {
			c.println(renderHistory(*reply.History, c.width()))
			continue
		}
		c.println(reply.Text)
	}
}

// stripCommand removes a leading "/capacity".
func stripCommand(line string) string {
	t := strings.TrimSpace(line)
	if len(t) >= len("/capacity") && strings.EqualFold(t[:len("/capacity")], "/capacity") {
		rest := t[len("/capacity"):]
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return strings.TrimSpace(rest)
		}
	}
	return t
}

// track remembers what a reply started, for Wait.
func (c *Console) track(r bot.Reply) {
	if r.WorkflowID == "" || r.Refused {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.workflowIDs = append(c.workflowIDs, r.WorkflowID)
	if ns, ok := workflows.NamespaceFromBoostID(r.WorkflowID); ok {
		c.boostsStarted[ns]++
	} else {
		c.reportsWanted++
	}
	c.signalLocked()
}

// observeRootLocked counts a root message reaching a final phase once.
func (c *Console) observeRootLocked(ref workflows.MessageRef, st workflows.BoostStatus) {
	if !st.Phase.Final() || c.endedRefs[ref] {
		return
	}
	c.endedRefs[ref] = true
	c.boostsEnded[st.Request.Namespace]++
	c.signalLocked()
}

func (c *Console) signalLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// pendingLocked lists what the session still waits for.
func (c *Console) pendingLocked() []string {
	var out []string
	for ns, n := range c.boostsStarted {
		if c.boostsEnded[ns] < n {
			out = append(out, "the boost of "+ns)
		}
	}
	sort.Strings(out)
	if missing := c.reportsWanted - c.reportsPrinted; missing > 0 {
		out = append(out, fmt.Sprintf("%d analysis %s", missing, humanize.Plural(missing, "report", "reports")))
	}
	return out
}

// errWaitLimit is the cause of a wait that reached its limit, told apart
// from a shutdown (the caller's context ending) by context.Cause.
var errWaitLimit = errors.New("the wait limit was reached")

// Wait waits, at most limit, until every boost started in this session has
// reached a final phase and every requested report has been printed. It is
// meant for after Run returns at EOF, so a piped script sees its results.
// When it stops before that, because ctx ended (a shutdown) or at the
// limit, it says which, after how long, and what is still running.
func (c *Console) Wait(ctx context.Context, limit time.Duration) {
	started := c.now()
	ctx, cancel := context.WithTimeoutCause(ctx, limit, errWaitLimit)
	defer cancel()
	if c.o.WaitWorkflow != nil {
		c.waitWorkflows(ctx, started)
		return
	}
	for {
		c.mu.Lock()
		pending := c.pendingLocked()
		changed := c.changed
		c.mu.Unlock()
		if len(pending) == 0 {
			return
		}
		select {
		case <-changed:
		case <-ctx.Done():
			c.stoppedWaiting(ctx, started, pending)
			return
		}
	}
}

// waitWorkflows waits for every workflow the session started to close, all
// at once, so that when it stops early it knows exactly which still run.
func (c *Console) waitWorkflows(ctx context.Context, started time.Time) {
	c.mu.Lock()
	ids := append([]string(nil), c.workflowIDs...)
	c.mu.Unlock()
	running := make([]bool, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			err := c.o.WaitWorkflow(ctx, id)
			switch {
			case err == nil:
			case ctx.Err() != nil:
				running[i] = true
			default:
				c.o.Logger.Warn("workflow ended with an error", zap.String("workflow_id", id), zap.Error(err))
			}
		})
	}
	wg.Wait()
	var pending []string
	for i, id := range ids {
		if running[i] {
			pending = append(pending, workflowWords(id))
		}
	}
	if len(pending) > 0 {
		c.stoppedWaiting(ctx, started, pending)
	}
}

// workflowWords names a workflow the session started as its reader knows it.
func workflowWords(id string) string {
	if ns, ok := workflows.NamespaceFromBoostID(id); ok {
		return "the boost of " + ns
	}
	return "an analysis report"
}

// stoppedWaiting tells why Wait stopped (ctx's cause: a shutdown or the
// limit), after how long, and what still runs, which carries on when the
// bot runs again: its workflows live in Temporal, not in this process.
func (c *Console) stoppedWaiting(ctx context.Context, started time.Time, pending []string) {
	why := "shutting down"
	if errors.Is(context.Cause(ctx), errWaitLimit) {
		why = "that is as long as the console waits"
	}
	c.println(fmt.Sprintf("(stopped waiting after %s: %s; still running: %s; %s when the bot restarts)",
		humanize.Duration(c.now().Sub(started)), why, strings.Join(pending, ", "),
		humanize.Plural(len(pending), "it continues", "they continue")))
}

// startReader reads lines in the background so that Run can stop on ctx.
func (c *Console) startReader() {
	c.start.Do(func() {
		c.lines = make(chan string)
		go func() {
			defer close(c.lines)
			sc := bufio.NewScanner(c.o.In)
			sc.Buffer(make([]byte, 4096), maxLine)
			for sc.Scan() {
				c.lines <- sc.Text()
			}
			if err := sc.Err(); err != nil {
				c.mu.Lock()
				c.readErr = err
				c.mu.Unlock()
			}
		}()
	})
}

// readLine returns the next line; ok is false at EOF.
func (c *Console) readLine(ctx context.Context) (string, bool, error) {
	select {
	case <-ctx.Done():
		return "", false, ctx.Err()
	case line, ok := <-c.lines:
		if !ok {
			c.mu.Lock()
			err := c.readErr
			c.mu.Unlock()
			if err != nil {
				return "", false, fmt.Errorf("reading commands: %w", err)
			}
			return "", false, nil
		}
		return line, true, nil
	}
}

// println writes text as whole lines, under the mutex, with Slack markup
// turned into plain text.
func (c *Console) println(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeLocked(text)
}

func (c *Console) writeLocked(text string) {
	if text == "" {
		return
	}
	if _, err := io.WriteString(c.o.Out, plainText(strings.TrimRight(text, "\n"))+"\n"); err != nil {
		c.o.Logger.Warn("writing to the console", zap.Error(err))
	}
}

// prompt prints a prompt (interactive only; not a whole line).
func (c *Console) prompt(p string) {
	if !c.o.Interactive {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.o.Out, p); err != nil {
		c.o.Logger.Warn("writing to the console", zap.Error(err))
	}
}
