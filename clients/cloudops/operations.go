package cloudops

import (
	"context"
	"errors"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/grpc"

	"github.com/capacitybot/capacitybot/clients"
)

// GetAsyncOperation reads an async operation; CheckDuration is when to look
// again (5s when the service does not say).
func (c *Client) GetAsyncOperation(ctx context.Context, id string) (clients.AsyncOperation, error) {
	if id == "" {
		return clients.AsyncOperation{}, &clients.Error{Op: "GetAsyncOperation", Kind: clients.KindInvalid,
			Err: errors.New("async operation id is required")}
	}
	var resp *cloudservice.GetAsyncOperationResponse
	err := c.invoke(ctx, "GetAsyncOperation", "", func(ctx context.Context, opts ...grpc.CallOption) error {
		var err error
		resp, err = c.svc.GetAsyncOperation(ctx, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: id}, opts...)
		return err
	})
	if err != nil {
		return clients.AsyncOperation{}, err
	}
	if resp.GetAsyncOperation() == nil {
		return clients.AsyncOperation{}, &clients.Error{Op: "GetAsyncOperation", Kind: clients.KindMalformed,
			Err: errors.New("response carries no operation")}
	}
	return asyncOperation(resp.GetAsyncOperation()), nil
}
