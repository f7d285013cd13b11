package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

func (h *Handler) analyze(ctx context.Context, c Caller, cmd Command) result {
	all, err := h.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return failed("Could not list the namespaces in Temporal Cloud; please try again shortly.", fmt.Errorf("listing namespaces: %w", err))
	}
	// The command's globs follow the same rules as NAMESPACE_ALLOW (ID or
	// bare name; none means all), so they are matched as an allow list.
	asked := capacity.NamespaceFilter{Allow: cmd.Globs}
	n := 0
	for _, ns := range all {
		if h.o.Policy.Filter.Allowed(ns) && asked.Allowed(ns) {
			n++
		}
	}
	if n == 0 {
		what := "No namespace this bot may read"
		if len(cmd.Globs) > 0 {
			what += " matches " + strings.Join(cmd.Globs, " ")
		}
		return refused(outcomeRefused, what+"; nothing to analyze.")
	}
	key := c.RequestKey
	if key == "" {
		key = strconv.FormatInt(h.o.Now().UnixNano(), 36)
	}
	req := workflows.AnalysisRequest{Globs: cmd.Globs, Channel: c.ChannelID, Requester: c.UserID, Post: true}
	id := workflows.AnalysisWorkflowID(c.ChannelID, key)
	already, err := h.o.Engine.StartAnalysis(ctx, id, req)
	if err != nil {
		return failed("Could not start the analysis; please try again shortly.", fmt.Errorf("starting analysis: %w", err))
	}
	if already {
		return result{reply: Reply{Text: "This analysis is already running; the report will be posted here."}, outcome: outcomeOK}
	}
	return result{reply: Reply{Text: fmt.Sprintf("Analyzing %d %s… the report will be posted here.", n, humanize.Plural(n, "namespace", "namespaces")), WorkflowID: id},
		outcome: outcomeOK}
}
