package console

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// maxAttempts is how often the form asks again for a field before giving up.
const maxAttempts = 3

// maxListed is how many matching namespaces the form lists.
const maxListed = 20

// errCancelled ends the form without starting anything.
var errCancelled = errors.New("cancelled")

// boostForm asks for the boost modal's fields one by one and calls
// Handler.Boost, which validates everything again.
func (c *Console) boostForm(ctx context.Context, caller bot.Caller) error {
	c.println("Boost form (an empty answer cancels).")
	req, err := c.fillForm(ctx)
	if errors.Is(err, errCancelled) {
		c.println("Boost cancelled; nothing was started.")
		return nil
	}
	if err != nil {
		return err
	}
	req.Channel = caller.ChannelID
	st, err := c.o.Handler.Boost(ctx, caller, req)
	reply := c.o.Handler.BoostReply(req, st, err)
	c.track(reply)
	c.println(reply.Text)
	return nil
}

func (c *Console) fillForm(ctx context.Context) (workflows.BoostRequest, error) {
	ns, err := c.askNamespace(ctx)
	if err != nil {
		return workflows.BoostRequest{}, err
	}
	ch, err := c.o.Handler.Choices(ctx, ns)
	if err != nil {
		c.println("Could not read the TRU values of " + ns + ": " + err.Error())
		return workflows.BoostRequest{}, errCancelled
	}
	if len(ch.ValidTRUs) == 0 {
		c.println(ns + " offers no TRU value this bot may set.")
		return workflows.BoostRequest{}, errCancelled
	}
	trus, err := c.askTRUs(ctx, ch)
	if err != nil {
		return workflows.BoostRequest{}, err
	}
	end, err := c.askEnd(ctx, ch)
	if err != nil {
		return workflows.BoostRequest{}, err
	}
	reason, ok, err := c.ask(ctx, "Reason (optional, \"-\" for none): ")
	if err != nil {
		return workflows.BoostRequest{}, err
	}
	if !ok {
		return workflows.BoostRequest{}, errCancelled
	}
	if reason == "-" {
		reason = ""
	}
	return workflows.BoostRequest{Namespace: ns, TRUs: trus, End: end, Reason: reason}, nil
}

// ask prompts and reads one trimmed answer; ok is false for an empty answer
// or EOF, which cancel the form.
func (c *Console) ask(ctx context.Context, prompt string) (string, bool, error) {
	if c.o.Interactive {
		c.prompt(prompt)
	} else {
		c.println(prompt)
	}
	line, ok, err := c.readLine(ctx)
	if err != nil || !ok {
		return "", false, err
	}
	line = strings.TrimSpace(line)
	return line, line != "", nil
}

func (c *Console) askNamespace(ctx context.Context) (string, error) {
	var matches []string
	for range maxAttempts * 2 {
		answer, ok, err := c.ask(ctx, "Namespace (type part of its name): ")
		if err != nil {
			return "", err
		}
		if !ok {
			return "", errCancelled
		}
		if n, err := strconv.Atoi(answer); err == nil && n >= 1 && n <= len(matches) {
			return matches[n-1], nil
		}
		found, err := c.o.Handler.Namespaces(ctx, answer)
		if err != nil {
			c.println("Could not list the namespaces: " + err.Error())
			return "", errCancelled
		}
		for _, ns := range found {
			if ns == strings.ToLower(answer) {
				return ns, nil
			}
		}
		switch len(found) {
		case 0:
			c.println("No namespace you may boost contains " + strconv.Quote(answer) + ".")
		case 1:
			c.println("→ " + found[0])
			return found[0], nil
		default:
			matches = found[:min(len(found), maxListed)]
			var b strings.Builder
			for i, ns := range matches {
				fmt.Fprintf(&b, "  %d) %s\n", i+1, ns)
			}
			if len(found) > len(matches) {
				fmt.Fprintf(&b, "  … and %d more; type more of the name\n", len(found)-len(matches))
			}
			b.WriteString("Type a number, or more of the name.")
			c.println(b.String())
		}
	}
	return "", errCancelled
}

func (c *Console) askTRUs(ctx context.Context, ch bot.BoostChoices) (float64, error) {
	vals := make([]string, len(ch.ValidTRUs))
	for i, v := range ch.ValidTRUs {
		vals[i] = humanize.Number(v)
	}
	c.println(fmt.Sprintf("%s is %s now. TRU values you may choose: %s.", ch.Namespace, ch.Current, strings.Join(vals, ", ")))
	for range maxAttempts {
		answer, ok, err := c.ask(ctx, "TRUs: ")
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, errCancelled
		}
		n, err := strconv.ParseFloat(strings.TrimSuffix(strings.ToLower(answer), "trus"), 64)
		if err == nil {
			for _, v := range ch.ValidTRUs {
				if v == n {
					return n, nil
				}
			}
		}
		c.println("Please choose one of " + strings.Join(vals, ", ") + ".")
	}
	return 0, errCancelled
}

func (c *Console) askEnd(ctx context.Context, ch bot.BoostChoices) (time.Time, error) {
	def := humanize.Duration(ch.DefaultDuration)
	for range maxAttempts {
		answer, ok, err := c.ask(ctx, "End: a duration (90m, 2h, 1d) or a time (18:00 UTC, 2026-11-27 18:00) [\"-\" for "+def+"]: ")
		if err != nil {
			return time.Time{}, err
		}
		if !ok {
			return time.Time{}, errCancelled
		}
		if answer == "-" {
			return c.now().Add(ch.DefaultDuration), nil
		}
		t, err := bot.ParseEnd(answer, c.now())
		if err == nil && !t.IsZero() {
			return t, nil
		}
		var ue *bot.UsageError
		if errors.As(err, &ue) {
			c.println(ue.Message)
		}
	}
	return time.Time{}, errCancelled
}
