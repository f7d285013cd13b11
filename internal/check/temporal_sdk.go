package check

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// SDKTemporal is Temporal through a connected SDK client.
func SDKTemporal(c client.Client) Temporal { return sdkTemporal{c} }

type sdkTemporal struct{ c client.Client }

func (t sdkTemporal) ServerVersion(ctx context.Context) (string, error) {
	resp, err := t.c.WorkflowService().GetSystemInfo(ctx, &workflowservice.GetSystemInfoRequest{})
	if err != nil {
		return "", fmt.Errorf("GetSystemInfo: %w", err)
	}
	if resp.GetServerVersion() == "" {
		return "version not reported", nil
	}
	return resp.GetServerVersion(), nil
}

func (t sdkTemporal) DescribeNamespace(ctx context.Context, namespace string) error {
	if _, err := t.c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace}); err != nil {
		return fmt.Errorf("DescribeNamespace: %w", err)
	}
	return nil
}

func (t sdkTemporal) TaskQueuePollers(ctx context.Context, taskQueue string) (int, error) {
	resp, err := t.c.DescribeTaskQueue(ctx, taskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return 0, fmt.Errorf("DescribeTaskQueue: %w", err)
	}
	return len(resp.GetPollers()), nil
}
