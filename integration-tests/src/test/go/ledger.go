package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/dtm-labs/client/dtmcli"
	"github.com/dtm-labs/client/dtmgrpc"
	"github.com/dtm-labs/client/dtmgrpc/dtmgimp"
	"github.com/dtm-labs/logger"
	_ "github.com/go-sql-driver/mysql"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	ledgerv1 "dtmshop/interop/gen/ledgerv1"
)

// The ledger's own table, in its own database. Every write goes through DTM's branch barrier, whose
// table is Go's default, dtm_barrier.barrier (dtmcli.BarrierTableName), created below with the DDL of
// DTM's sqls/dtmcli.barrier.mysql.sql.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS ledger_account (
		account       VARCHAR(64) NOT NULL PRIMARY KEY,
		balance_cents BIGINT      NOT NULL,
		frozen_cents  BIGINT      NOT NULL DEFAULT 0
	) ENGINE = InnoDB`,
	`CREATE TABLE IF NOT EXISTS dtm_barrier.barrier (
		id bigint(22) PRIMARY KEY AUTO_INCREMENT,
		trans_type varchar(45) default '',
		gid varchar(128) default '',
		branch_id varchar(128) default '',
		op varchar(45) default '',
		barrier_id varchar(45) default '',
		reason varchar(45) default '' comment 'the branch type who insert this record',
		create_time datetime DEFAULT now(),
		update_time datetime DEFAULT now(),
		key(create_time),
		key(update_time),
		UNIQUE key(gid, branch_id, op, barrier_id)
	) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
}

// ledgerServer serves ledger.v1.Ledger: SAGA action and compensation, TCC (also a nested TCC), XA,
// a message's local step and back-check, and workflow steps, each written the way DTM's examples
// write them with the Go client.
type ledgerServer struct {
	ledgerv1.UnimplementedLedgerServer
	db     *sql.DB
	dbConf dtmcli.DBConf
	// self is where DTM and this service's own nested branches reach it: host:port.
	self string
}

func runLedger(args []string) error {
	fs := flag.NewFlagSet("ledger", flag.ExitOnError)
	listen := fs.String("listen", "127.0.0.1:36801", "host:port to serve gRPC on; branch URLs are <listen>/ledger.v1.Ledger/<Method>")
	dbHost := fs.String("db-host", "127.0.0.1", "MariaDB/MySQL host")
	dbPort := fs.Int64("db-port", 3306, "MariaDB/MySQL port")
	dbUser := fs.String("db-user", "shop", "database user")
	dbPassword := fs.String("db-password", "shop", "database password")
	dbName := fs.String("db-name", "goledger_db", "the ledger's database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	conf := dtmcli.DBConf{Driver: dtmcli.DBTypeMysql, Host: *dbHost, Port: *dbPort, User: *dbUser,
		Password: *dbPassword, Db: *dbName}
	db, err := sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s:%d)/%s?charset=utf8mb4&parseTime=true",
		conf.User, conf.Password, conf.Host, conf.Port, conf.Db))
	if err != nil {
		return err
	}
	for _, ddl := range schema {
		if _, err := db.Exec(ddl); err != nil {
			return fmt.Errorf("creating the ledger's tables: %w", err)
		}
	}
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	server := grpc.NewServer(grpc.ChainUnaryInterceptor(recoverPanics, logCalls))
	ledgerv1.RegisterLedgerServer(server, &ledgerServer{db: db, dbConf: conf, self: lis.Addr().String()})
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		server.GracefulStop()
	}()
	logger.Infof("ledger serving ledger.v1.Ledger on %s, database %s", lis.Addr(), conf.Db)
	return server.Serve(lis)
}

// url is a branch URL of this service, in the host:port form DTM's drivers dial directly.
func (s *ledgerServer) url(method string) string {
	return s.self + "/ledger.v1.Ledger/" + method
}

// Debit takes the amount: a SAGA action, a message's local step (op "msg"), a workflow action.
func (s *ledgerServer) Debit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	return s.barrierCall(ctx, in, func(tx *sql.Tx) error { return take(tx, in.Account, in.AmountCents) })
}

// Credit gives the amount: Debit's compensation (op "compensate", workflow "rollback"), a message action.
func (s *ledgerServer) Credit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	return s.barrierCall(ctx, in, func(tx *sql.Tx) error {
		return exactlyOne(tx.Exec("UPDATE ledger_account SET balance_cents = balance_cents + ? WHERE account = ?",
			in.AmountCents, in.Account))
	})
}

func (s *ledgerServer) TryDebit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	return s.barrierCall(ctx, in, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE ledger_account SET frozen_cents = frozen_cents + ?
			WHERE account = ? AND balance_cents - frozen_cents >= ? AND ? > 0`,
			in.AmountCents, in.Account, in.AmountCents, in.AmountCents)
		return refusedUnlessOne(res, err, in.Account, in.AmountCents)
	})
}

func (s *ledgerServer) ConfirmDebit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	return s.barrierCall(ctx, in, func(tx *sql.Tx) error {
		return exactlyOne(tx.Exec(`UPDATE ledger_account SET balance_cents = balance_cents - ?,
			frozen_cents = frozen_cents - ? WHERE account = ?`, in.AmountCents, in.AmountCents, in.Account))
	})
}

func (s *ledgerServer) CancelDebit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	return s.barrierCall(ctx, in, func(tx *sql.Tx) error {
		return exactlyOne(tx.Exec("UPDATE ledger_account SET frozen_cents = frozen_cents - ? WHERE account = ?",
			in.AmountCents, in.Account))
	})
}

// TryDebitWithFee is a TCC Try that is itself a TCC: TccFromGrpc reads the transaction from the
// call's dtm-* metadata, including the DTM address in dtm-dtm, and registers the fee as a
// sub-branch with DTM there. Without dtm-dtm it answers "bad tcc info".
func (s *ledgerServer) TryDebitWithFee(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	tcc, err := dtmgrpc.TccFromGrpc(ctx)
	if err != nil {
		return nil, err
	}
	reply, err := s.TryDebit(ctx, in)
	if err != nil {
		return nil, err
	}
	fee := &ledgerv1.LedgerRequest{Account: in.FeeAccount, AmountCents: in.FeeCents}
	err = tcc.CallBranch(fee, s.url("TryDebit"), s.url("ConfirmDebit"), s.url("CancelDebit"), &ledgerv1.LedgerReply{})
	if err != nil {
		return nil, err
	}
	return reply, nil
}

// XaDebit is an XA branch: XaLocalTransaction runs the work in an XA transaction of the ledger's
// database and registers the branch with DTM at the address in dtm-dtm (op "action"), or finishes
// it (op "commit" / "rollback", DTM's phase 2, with an empty request).
func (s *ledgerServer) XaDebit(ctx context.Context, in *ledgerv1.LedgerRequest) (*ledgerv1.LedgerReply, error) {
	err := dtmgrpc.XaLocalTransaction(ctx, s.dbConf, func(db *sql.DB, xa *dtmgrpc.XaGrpc) error {
		return take(db, in.Account, in.AmountCents)
	})
	if err != nil {
		return nil, dtmgrpc.DtmError2GrpcError(err)
	}
	return &ledgerv1.LedgerReply{Account: in.Account}, nil
}

// QueryPrepared answers DTM's back-check of a message whose local step wrote into this database:
// committed (OK) or rolled back (ABORTED), from the barrier row of branch "00", op "msg".
func (s *ledgerServer) QueryPrepared(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	bb, err := dtmgrpc.BarrierFromGrpc(ctx)
	if err == nil {
		err = bb.QueryPrepared(s.db)
	}
	return &emptypb.Empty{}, dtmgrpc.DtmError2GrpcError(err)
}

// barrierCall runs work behind the branch barrier of the call (dtmgrpc.BarrierFromGrpc) in one local
// transaction, and answers with the account as committed.
func (s *ledgerServer) barrierCall(ctx context.Context, in *ledgerv1.LedgerRequest, work dtmcli.BarrierBusiFunc) (*ledgerv1.LedgerReply, error) {
	bb, err := dtmgrpc.BarrierFromGrpc(ctx)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if err := bb.CallWithDB(s.db, work); err != nil {
		return nil, dtmgrpc.DtmError2GrpcError(err)
	}
	reply := &ledgerv1.LedgerReply{Account: in.Account}
	err = s.db.QueryRowContext(ctx, "SELECT balance_cents, frozen_cents FROM ledger_account WHERE account = ?",
		in.Account).Scan(&reply.BalanceCents, &reply.FrozenCents)
	if err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	return reply, nil
}

type execer interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
}

// take takes amount from the account's free balance, or refuses with dtmcli.ErrFailure (gRPC ABORTED).
func take(db execer, account string, amount int64) error {
	res, err := db.Exec(`UPDATE ledger_account SET balance_cents = balance_cents - ?
		WHERE account = ? AND balance_cents - frozen_cents >= ? AND ? > 0`, amount, account, amount, amount)
	return refusedUnlessOne(res, err, account, amount)
}

func refusedUnlessOne(res sql.Result, err error, account string, amount int64) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("account %s cannot give %d cents: %w", account, amount, dtmcli.ErrFailure)
	}
	return nil
}

// exactlyOne: a phase-2 update that found no account is an error DTM retries, never a refusal.
func exactlyOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("no such account (%d rows, %v)", n, err)
	}
	return nil
}

// recoverPanics answers INTERNAL for a handler that panics. DTM's Go client panics on some errors
// (dtmimp.E2P, e.g. dialing a DTM address it cannot parse), and a panic in a gRPC handler ends the
// whole process.
func recoverPanics(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp interface{}, err error) {
	defer func() {
		if r := recover(); r != nil {
			logger.Errorf("panic in %s: %v", info.FullMethod, r)
			err = status.Errorf(codes.Internal, "panic in %s: %v", info.FullMethod, r)
		}
	}()
	return handler(ctx, req)
}

// logCalls logs each call with its dtm-* metadata and answer (Go's dtmgimp.GrpcServerLog).
func logCalls(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
	tb := dtmgimp.TransBaseFromGrpc(ctx)
	resp, err := handler(ctx, req)
	logger.Infof("%s gid=%s trans_type=%s branch_id=%s op=%s dtm=%q -> %v", info.FullMethod, tb.Gid, tb.TransType,
		tb.BranchID, tb.Op, tb.Dtm, err)
	return resp, err
}
