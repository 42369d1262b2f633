package main

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// BranchTokenHeader is the metadata key the shop's Java branch services require on every branch
// call (dtm-client README, "Branch tokens").
const BranchTokenHeader = "dtmshop-branch-token"

// BranchToken signs a transaction the way dtm-client's BranchToken does:
//
//	"v1." + keyId + "." + base64url_nopad(HMAC-SHA256(secret, "dtmshop-branch-token/v1\n" + transType + "\n" + gid))
//
// keyId is the first 8 hex characters of SHA-256(secret). secretB64 is standard base64 of at least
// 32 bytes.
func BranchToken(secretB64, transType, gid string) (string, error) {
	secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secretB64))
	if err != nil {
		return "", fmt.Errorf("the branch token secret is not base64: %w", err)
	}
	if len(secret) < 32 {
		return "", fmt.Errorf("the branch token secret has %d bytes, at least 32 are needed", len(secret))
	}
	id := sha256.Sum256(secret)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("dtmshop-branch-token/v1\n" + transType + "\n" + gid))
	return "v1." + hex.EncodeToString(id[:4]) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// BranchHeaders are the branch headers of a transaction (TransOptions.BranchHeaders): DTM sends them
// with every branch call, and Go's client with the calls it makes itself (TCC Try, XA action).
func BranchHeaders(secretB64, transType, gid string) (map[string]string, error) {
	token, err := BranchToken(secretB64, transType, gid)
	if err != nil {
		return nil, err
	}
	return map[string]string{BranchTokenHeader: token}, nil
}

// SigningSecret is the first secret of a secrets file (one base64 secret a line, blank lines and
// lines starting with # skipped), the one that signs: scripts/stack.sh's STACK_DIR/branch-token.secrets.
func SigningSecret(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			return line, nil
		}
	}
	if err := lines.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s holds no secret", path)
}
