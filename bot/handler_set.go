package bot

import (
	"context"

	"github.com/capacitybot/capacitybot/workflows"
)

// setCommand runs /capacity set: a permanent change, validated and started
// through the boost's own path (h.boost), under the namespace's one workflow
// ID, so it is refused while a boost of the namespace runs.
func (h *Handler) setCommand(ctx context.Context, c Caller, cmd Command) result {
	req := workflows.BoostRequest{
		Namespace: cmd.Namespace,
		TRUs:      cmd.TRUs,
		OnDemand:  cmd.OnDemand,
		Permanent: true,
		Reason:    cmd.Reason,
		Channel:   c.ChannelID,
		Requester: c.UserID,
	}
	st, err := h.boost(ctx, c, req)
	r := h.boostResult(req, st, err)
	if r.namespace == "" {
		r.namespace = cmd.Namespace
	}
	return r
}
