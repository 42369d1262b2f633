// Command dtmshop-interop is the Go side of the shop's interop tests, written with DTM's official
// Go client (github.com/dtm-labs/client):
//
//	dtmshop-interop ledger [flags]   a Go branch service (ledger.v1.Ledger) for Java's dtm-client to drive
//	dtmshop-interop buy [flags]      a purchase from the shop's Java services, driven by Go's client
//	dtmshop-interop token TYPE GID   the branch token of a transaction, signed with the secret in $DTMSHOP_BRANCH_TOKEN_SECRET
//
// Build it with build.sh (generates the gRPC code, builds, caches the binary).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "ledger":
		if err := runLedger(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "ledger:", err)
			os.Exit(1)
		}
	case "buy":
		os.Exit(runBuy(os.Args[2:]))
	case "token":
		if len(os.Args) != 4 {
			usage()
		}
		token, err := BranchToken(os.Getenv("DTMSHOP_BRANCH_TOKEN_SECRET"), os.Args[2], os.Args[3])
		if err != nil {
			fmt.Fprintln(os.Stderr, "token:", err)
			os.Exit(1)
		}
		fmt.Println(token)
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: dtmshop-interop ledger|buy [flags] | token TRANS_TYPE GID")
	os.Exit(2)
}
