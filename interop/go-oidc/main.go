// A relying party on github.com/coreos/go-oidc/v3 and golang.org/x/oauth2, as an integrator would
// write it: discovery, the code flow with PKCE (S256), the ID token verified by go-oidc, UserInfo,
// and RP-initiated logout. Configured by RP_ISSUER, RP_CLIENT_ID, RP_CLIENT_SECRET and RP_PORT;
// prints `ready <url>` once it listens. interop/run.ts drives it in a browser and reads data-claim.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Portvakt's cookies live on the same host (cookies ignore ports), so this one has a name of its own.
const cookieName = "gooidc_rp"

type session struct {
	state, nonce, verifier, logoutState string
	idToken                             string
	claims                              [][2]string
}

type app struct {
	base       string
	provider   *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	oauth      oauth2.Config
	endSession string
	mu         sync.Mutex
	sessions   map[string]*session
}

func main() {
	ctx := context.Background()
	issuer := os.Getenv("RP_ISSUER")
	base := "http://127.0.0.1:" + os.Getenv("RP_PORT")
	// NewProvider fetches discovery and refuses a document whose issuer is not exactly this URL.
	provider, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		log.Fatalf("go-oidc rp: discovery: %v", err)
	}
	var metadata struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := provider.Claims(&metadata); err != nil || metadata.EndSession == "" {
		log.Fatalf("go-oidc rp: discovery has no end_session_endpoint (%v)", err)
	}
	clientID := os.Getenv("RP_CLIENT_ID")
	a := &app{
		base:     base,
		provider: provider,
		verifier: provider.Verifier(&oidc.Config{ClientID: clientID}),
		oauth: oauth2.Config{
			ClientID:     clientID,
			ClientSecret: os.Getenv("RP_CLIENT_SECRET"),
			Endpoint:     provider.Endpoint(),
			RedirectURL:  base + "/callback",
			Scopes:       []string{oidc.ScopeOpenID, "profile"},
		},
		endSession: metadata.EndSession,
		sessions:   map[string]*session{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /login", a.login)
	mux.HandleFunc("GET /callback", a.callback)
	mux.HandleFunc("GET /logout", a.logout)
	mux.HandleFunc("GET /logged-out", a.loggedOut)
	listener, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("RP_PORT"))
	if err != nil {
		log.Fatalf("go-oidc rp: %v", err)
	}
	fmt.Printf("ready %s\n", base)
	log.Fatal(http.Serve(listener, mux))
}

func (a *app) home(w http.ResponseWriter, r *http.Request) {
	s := a.session(w, r)
	if s.claims == nil {
		page(w, http.StatusOK, `<p id="status">Logged out.</p><p><a href="/login">Log in</a></p>`)
		return
	}
	var rows strings.Builder
	for _, claim := range s.claims {
		fmt.Fprintf(&rows, `<dt>%s</dt><dd data-claim="%s">%s</dd>`, claim[0], claim[0], html.EscapeString(claim[1]))
	}
	page(w, http.StatusOK, `<p id="status">Logged in.</p><dl>`+rows.String()+`</dl><p><a href="/logout">Log out</a></p>`)
}

func (a *app) login(w http.ResponseWriter, r *http.Request) {
	s := a.session(w, r)
	s.state, s.nonce, s.verifier = random(), random(), oauth2.GenerateVerifier()
	target := a.oauth.AuthCodeURL(s.state, oidc.Nonce(s.nonce), oauth2.S256ChallengeOption(s.verifier))
	http.Redirect(w, r, target, http.StatusFound)
}

func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	s := a.session(w, r)
	if err := a.complete(r, s); err != nil {
		log.Printf("go-oidc rp: callback: %v", err)
		page(w, http.StatusInternalServerError, `<p id="error">`+html.EscapeString(err.Error())+`</p>`)
		return
	}
	http.Redirect(w, r, "/", http.StatusFound)
}

// complete checks the state, exchanges the code with the PKCE verifier, has go-oidc verify the ID
// token (signature against the JWKS, iss, aud, exp; the nonce and at_hash are the caller's to
// check) and asks UserInfo, whose sub must be the ID token's.
func (a *app) complete(r *http.Request, s *session) error {
	query := r.URL.Query()
	if query.Get("error") != "" {
		return fmt.Errorf("%s: %s", query.Get("error"), query.Get("error_description"))
	}
	if s.state == "" || query.Get("state") != s.state {
		return errors.New("state does not match the one sent")
	}
	s.state = ""
	token, err := a.oauth.Exchange(r.Context(), query.Get("code"), oauth2.VerifierOption(s.verifier))
	if err != nil {
		return fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := token.Extra("id_token").(string)
	if !ok {
		return errors.New("the token response has no id_token")
	}
	idToken, err := a.verifier.Verify(r.Context(), raw)
	if err != nil {
		return fmt.Errorf("ID token: %w", err)
	}
	if idToken.Nonce != s.nonce {
		return errors.New("ID token: nonce does not match the one sent")
	}
	if idToken.AccessTokenHash != "" {
		if err := idToken.VerifyAccessToken(token.AccessToken); err != nil {
			return fmt.Errorf("ID token: at_hash: %w", err)
		}
	}
	var claims struct {
		Acr  string   `json:"acr"`
		Amr  []string `json:"amr"`
		Name string   `json:"name"`
	}
	if err := idToken.Claims(&claims); err != nil {
		return fmt.Errorf("ID token claims: %w", err)
	}
	userinfo, err := a.provider.UserInfo(r.Context(), oauth2.StaticTokenSource(token))
	if err != nil {
		return fmt.Errorf("UserInfo: %w", err)
	}
	if userinfo.Subject != idToken.Subject {
		return fmt.Errorf("UserInfo names sub %s, the ID token %s", userinfo.Subject, idToken.Subject)
	}
	var profile struct {
		Name string `json:"name"`
	}
	if err := userinfo.Claims(&profile); err != nil {
		return fmt.Errorf("UserInfo claims: %w", err)
	}
	s.idToken = raw
	s.claims = [][2]string{
		{"sub", idToken.Subject},
		{"acr", claims.Acr},
		{"amr", strings.Join(claims.Amr, " ")},
		{"name", claims.Name},
		{"userinfo_sub", userinfo.Subject},
		{"userinfo_name", profile.Name},
	}
	return nil
}

func (a *app) logout(w http.ResponseWriter, r *http.Request) {
	s := a.session(w, r)
	s.logoutState = random()
	params := url.Values{
		"id_token_hint":            {s.idToken},
		"post_logout_redirect_uri": {a.base + "/logged-out"},
		"state":                    {s.logoutState},
	}
	s.idToken, s.claims = "", nil
	http.Redirect(w, r, a.endSession+"?"+params.Encode(), http.StatusFound)
}

func (a *app) loggedOut(w http.ResponseWriter, r *http.Request) {
	s := a.session(w, r)
	if s.logoutState == "" || r.URL.Query().Get("state") != s.logoutState {
		page(w, http.StatusBadRequest, `<p id="error">logout state does not match the one sent</p>`)
		return
	}
	s.logoutState = ""
	http.Redirect(w, r, "/", http.StatusFound)
}

// session is the browser's, found by its cookie or made on the first visit.
func (a *app) session(w http.ResponseWriter, r *http.Request) *session {
	a.mu.Lock()
	defer a.mu.Unlock()
	if cookie, err := r.Cookie(cookieName); err == nil {
		if s, ok := a.sessions[cookie.Value]; ok {
			return s
		}
	}
	id := random()
	s := &session{}
	a.sessions[id] = s
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return s
}

func page(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><title>go-oidc RP</title><main><h1>go-oidc RP</h1>%s</main></html>`, body)
}

func random() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
