package fakeslack

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Slack's error codes for a message it will not take, as the real Web API
// answers them ({"ok":false,"error":code}).
const (
	ErrInvalidBlocks       = "invalid_blocks"
	ErrInvalidBlocksFormat = "invalid_blocks_format"
	ErrMsgTooLong          = "msg_too_long"
	ErrNotInChannel        = "not_in_channel"
	ErrChannelNotFound     = "channel_not_found"
)

// maxTextLen is Slack's limit on a message's text: longer is msg_too_long.
const maxTextLen = 40000

// blockRefusal refuses messages carrying blocks of a type ("" = any).
type blockRefusal struct {
	blockType, code string
}

// messageMethods are the methods that carry a message to a channel.
func isMessageMethod(method string) bool {
	return method == "chat.postMessage" || method == "chat.update" || method == "files.completeUploadExternal"
}

// RefuseBlocks makes every chat.postMessage and chat.update carrying a block
// of blockType ("" for any block) answer code (ErrInvalidBlocks, as Slack
// does for a block type the workspace does not support, or
// ErrInvalidBlocksFormat, ErrMsgTooLong), until stop is called. A message
// without such blocks goes through, as it would on Slack.
func (s *Server) RefuseBlocks(blockType, code string) (stop func()) {
	r := &blockRefusal{blockType: blockType, code: code}
	s.mu.Lock()
	s.blockRefusals = append(s.blockRefusals, r)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, x := range s.blockRefusals {
			if x == r {
				s.blockRefusals = append(s.blockRefusals[:i], s.blockRefusals[i+1:]...)
				return
			}
		}
	}
}

// RefuseChannel makes every message to channel (chat.postMessage,
// chat.update, a file shared there) answer code: ErrNotInChannel as Slack
// does where the bot is not a member, ErrChannelNotFound where it cannot see
// the channel. An empty code lets the channel through again.
func (s *Server) RefuseChannel(channel, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.channelRefusals, channel)
		return
	}
	s.channelRefusals[channel] = code
}

// refusalLocked is the error code Slack would answer a message with ("" when
// it takes it) and, for refused blocks, the response_metadata messages that
// say which block, as Slack's do; callers hold s.mu.
func (s *Server) refusalLocked(call *Call) (code string, messages []string) {
	if !isMessageMethod(call.Method) {
		return "", nil
	}
	channel := call.Params["channel"]
	if channel == "" {
		channel = call.Params["channel_id"]
	}
	if code := s.channelRefusals[channel]; code != "" {
		return code, nil
	}
	if utf8.RuneCountInString(call.Params["text"]) > maxTextLen {
		return ErrMsgTooLong, nil
	}
	types := blockTypes(call.Params["blocks"])
	for _, r := range s.blockRefusals {
		for i, t := range types {
			if r.blockType == "" || r.blockType == t {
				return r.code, []string{fmt.Sprintf("[ERROR] unsupported type: %s [json-pointer:/blocks/%d/type]", t, i)}
			}
		}
	}
	return "", nil
}

// blockTypes lists the types of a blocks JSON array (none when absent).
func blockTypes(blocks string) []string {
	var bs []struct {
		Type string `json:"type"`
	}
	if blocks == "" || json.Unmarshal([]byte(blocks), &bs) != nil {
		return nil
	}
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Type)
	}
	return out
}
