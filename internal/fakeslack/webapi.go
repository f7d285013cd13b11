package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// serveAPI answers /api/<method>: it records the call, applies any injected
// fault, and answers the way Slack does for the methods the bot uses.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.serveMethod(w, r, strings.TrimPrefix(r.URL.Path, "/api/"))
}

// serveResponseURL answers a post to a response_url (JSON, no token).
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	s.serveMethod(w, r, "response_url")
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, method string) {
	call := Call{Method: method, Params: map[string]string{}, At: time.Now(), Status: http.StatusOK}
	if err := decodeParams(r, &call); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	f, faulty := s.takeFault(method)
	var refused string
	var messages []string
	if !faulty {
		refused, messages = s.refusalLocked(&call)
	}
	var resp map[string]any
	switch {
	case refused != "":
		call.Error = refused
		resp = map[string]any{"ok": false, "error": refused}
		if len(messages) > 0 {
			resp["response_metadata"] = map[string]any{"messages": messages}
		}
	case faulty && f.status == http.StatusTooManyRequests:
		call.Status = f.status
		call.Error = "ratelimited"
	case faulty:
		call.Error = f.errCode
		resp = map[string]any{"ok": false, "error": f.errCode}
	default:
		resp = s.answer(r, &call)
	}
	s.calls = append(s.calls, call)
	s.notify()
	s.mu.Unlock()

	if call.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", retryAfterHeader(f.retryAfter))
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		return
	}
	if method != "response_url" {
		s.mu.Lock()
		s.scopesHeader(w.Header())
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// decodeParams fills call.Params, Body and Token from a form or JSON body.
func decodeParams(r *http.Request, call *Call) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("reading body: %w", err)
		}
		call.Body = body
		var top map[string]json.RawMessage
		if len(body) > 0 {
			if err := json.Unmarshal(body, &top); err != nil {
				return fmt.Errorf("decoding JSON body: %w", err)
			}
		}
		for k, v := range top {
			var str string
			if json.Unmarshal(v, &str) == nil {
				call.Params[k] = str
			} else {
				call.Params[k] = string(v)
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return fmt.Errorf("parsing form: %w", err)
		}
		for k, v := range r.Form {
			if len(v) > 0 {
				call.Params[k] = v[0]
			}
		}
	}
	call.Token = call.Params["token"]
	if call.Token == "" {
		call.Token = bearer(r)
	}
	return nil
}

// answer builds the success response of one method; callers hold s.mu.
func (s *Server) answer(r *http.Request, call *Call) map[string]any {
	ok := func(kv ...any) map[string]any {
		m := map[string]any{"ok": true}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	p := call.Params
	switch call.Method {
	case "response_url":
		call.Params["response_id"] = strings.TrimPrefix(r.URL.Path, "/response/")
		return ok()
	case "auth.test":
		return ok("user_id", "UBOT", "user", "capacity-bot", "team_id", "TFAKE", "team", "fake", "bot_id", "BFAKE")
	case "apps.connections.open":
		return ok("url", "ws://"+r.Host+"/ws")
	case "chat.postMessage":
		ts := s.newTS()
		call.TS = ts
		s.keepMessage(p["channel"], ts, p)
		return ok("channel", p["channel"], "ts", ts, "message", map[string]any{"text": p["text"], "ts": ts, "thread_ts": p["thread_ts"]})
	case "conversations.history":
		return s.history(p)
	case "chat.update":
		s.keepMessage(p["channel"], p["ts"], p)
		return ok("channel", p["channel"], "ts", p["ts"], "text", p["text"])
	case "chat.postEphemeral":
		return ok("message_ts", s.newTS())
	case "views.open", "views.update":
		return s.answerView(call)
	case "views.publish":
		if p["user_id"] == "" {
			call.Error = "invalid_arguments"
			return map[string]any{"ok": false, "error": "invalid_arguments"}
		}
		return s.answerView(call)
	case "files.getUploadURLExternal":
		id := fmt.Sprintf("FFAKE%04d", s.nextSeq())
		return ok("upload_url", "http://"+r.Host+"/upload/"+id, "file_id", id)
	case "files.completeUploadExternal":
		var files []map[string]any
		_ = json.Unmarshal([]byte(p["files"]), &files)
		return ok("files", files)
	case "conversations.info":
		return s.answerChannelInfo(call)
	case "usergroups.users.list":
		users, found := s.groups[p["usergroup"]]
		if !found {
			call.Error = "no_such_subteam"
			return map[string]any{"ok": false, "error": "no_such_subteam"}
		}
		return ok("users", users)
	default:
		call.Error = "unknown_method"
		return map[string]any{"ok": false, "error": "unknown_method"}
	}
}

// answerView echoes the view back with an ID and hash, as Slack does.
func (s *Server) answerView(call *Call) map[string]any {
	view := map[string]any{}
	_ = json.Unmarshal([]byte(call.Params["view"]), &view)
	id := call.Params["view_id"]
	if id == "" {
		id = fmt.Sprintf("VFAKE%04d", s.nextSeq())
	}
	view["id"] = id
	view["hash"] = fmt.Sprintf("hash-%d", s.nextSeq())
	return map[string]any{"ok": true, "view": view}
}

// newTS returns a fresh, increasing message timestamp; callers hold s.mu.
func (s *Server) newTS() string {
	return fmt.Sprintf("1700000000.%06d", s.nextSeq())
}

// serveUpload receives a file on the upload URL (on the API host, because
// slack-go only sends the token to Slack domains or the API URL's host).
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	call := Call{Method: "upload", Params: map[string]string{"file_id": id}, Token: bearer(r), At: time.Now(), Status: http.StatusOK}
	var content []byte
	file, _, err := r.FormFile("file")
	if err == nil {
		content, err = io.ReadAll(file)
		_ = file.Close()
	}
	if err != nil {
		call.Status = http.StatusBadRequest
		call.Error = err.Error()
	}
	s.mu.Lock()
	if err == nil {
		s.uploads[id] = content
	}
	s.calls = append(s.calls, call)
	s.notify()
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_, _ = io.WriteString(w, "OK - "+fmt.Sprint(len(content)))
}
