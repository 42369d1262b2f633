package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"

	"github.com/dtm-labs/client/dtmcli"
	"github.com/dtm-labs/client/dtmgrpc"
	"github.com/dtm-labs/client/dtmgrpc/dtmgimp"
	"github.com/dtm-labs/client/workflow"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	orderv1 "dtmshop/interop/gen/orderv1"
	paymentv1 "dtmshop/interop/gen/paymentv1"
	stockv1 "dtmshop/interop/gen/stockv1"
)

// purchase is the shop's purchase - deduct stock, create the order, pay - bought with DTM's Go
// client from the shop's Java branch services, signed with the branch token they require.
type purchase struct {
	dtm                   string // DTM's gRPC address
	stock, order, payment string // each service's host:port: branch URLs are <host:port>/<full method>
	secret                string // the signing secret, base64
	gid                   string
	user, product         int64
	quantity              int32
	amountCents           int64
}

// The outcome printed as one JSON line, and the exit status: 0 committed, 3 rolled back (DTM's
// ErrFailure), 1 anything else.
type outcome struct {
	Gid     string `json:"gid"`
	Mode    string `json:"mode"`
	Outcome string `json:"outcome"` // succeed, failed, error
	Error   string `json:"error,omitempty"`
}

func runBuy(args []string) int {
	fs := flag.NewFlagSet("buy", flag.ExitOnError)
	mode := fs.String("mode", "saga", "saga, tcc, xa, msg or workflow")
	p := purchase{}
	fs.StringVar(&p.dtm, "dtm", "127.0.0.1:36790", "DTM's gRPC address")
	// the services' gRPC ports of scripts/stack.sh (each service's application.properties)
	fs.StringVar(&p.stock, "stock", "127.0.0.1:9011", "stock-service host:port")
	fs.StringVar(&p.order, "order", "127.0.0.1:9012", "order-service host:port")
	fs.StringVar(&p.payment, "payment", "127.0.0.1:9013", "payment-service host:port")
	secrets := fs.String("secrets", ".stack/branch-token.secrets", "the stack's branch token secrets; the first signs")
	fs.StringVar(&p.gid, "gid", "", "the gid (and order number); empty: a new one from DTM")
	fs.Int64Var(&p.user, "user", 1, "buyer")
	fs.Int64Var(&p.product, "product", 1, "product")
	quantity := fs.Int("quantity", 1, "units")
	fs.Int64Var(&p.amountCents, "amount", 0, "what the buyer pays, cents (price x quantity)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	p.quantity = int32(*quantity)
	secret, err := SigningSecret(*secrets)
	if err != nil {
		return report(outcome{Mode: *mode, Outcome: "error", Error: err.Error()}, 1)
	}
	p.secret = secret
	if p.gid == "" {
		p.gid = dtmgrpc.MustGenGid(p.dtm)
	}
	run := map[string]func() error{"saga": p.saga, "tcc": p.tcc, "xa": p.xa, "msg": p.msg, "workflow": p.workflow}[*mode]
	if run == nil {
		return report(outcome{Gid: p.gid, Mode: *mode, Outcome: "error", Error: "unknown mode " + *mode}, 1)
	}
	err = run()
	switch {
	case err == nil:
		return report(outcome{Gid: p.gid, Mode: *mode, Outcome: "succeed"}, 0)
	case errors.Is(dtmgrpc.GrpcError2DtmError(err), dtmcli.ErrFailure):
		return report(outcome{Gid: p.gid, Mode: *mode, Outcome: "failed", Error: err.Error()}, 3)
	default:
		return report(outcome{Gid: p.gid, Mode: *mode, Outcome: "error", Error: err.Error()}, 1)
	}
}

func report(o outcome, status int) int {
	line, _ := json.Marshal(o)
	fmt.Println(string(line))
	return status
}

func (p *purchase) headers(transType string) map[string]string {
	h, err := BranchHeaders(p.secret, transType, p.gid)
	must(err)
	return h
}

func (p *purchase) stockRequest() *stockv1.StockRequest {
	return &stockv1.StockRequest{OrderNo: p.gid, ProductId: p.product, Quantity: p.quantity}
}

func (p *purchase) orderRequest() *orderv1.CreateOrderRequest {
	return &orderv1.CreateOrderRequest{OrderNo: p.gid, UserId: p.user, ProductId: p.product, Quantity: p.quantity,
		AmountCents: p.amountCents}
}

func (p *purchase) paymentRequest() *paymentv1.PaymentRequest {
	return &paymentv1.PaymentRequest{OrderNo: p.gid, UserId: p.user, AmountCents: p.amountCents}
}

// url is a branch URL in the host:port form: <host:port>/<package.Service>/<Method>.
func url(service, fullMethod string) string {
	return service + fullMethod
}

// saga: as the shop's SagaPurchase; DTM calls every branch, with the transaction's branch headers.
func (p *purchase) saga() error {
	saga := dtmgrpc.NewSagaGrpc(p.dtm, p.gid, dtmgrpc.WithBranchHeaders(p.headers("saga"))).
		Add(url(p.stock, stockv1.StockService_DeductStock_FullMethodName), url(p.stock, stockv1.StockService_RefundStock_FullMethodName), p.stockRequest()).
		Add(url(p.order, orderv1.OrderService_CreateOrder_FullMethodName), url(p.order, orderv1.OrderService_RefundOrder_FullMethodName), p.orderRequest()).
		Add(url(p.payment, paymentv1.PaymentService_Pay_FullMethodName), url(p.payment, paymentv1.PaymentService_Refund_FullMethodName), p.paymentRequest())
	saga.WaitResult = true
	return saga.Submit()
}

// tcc: as the shop's TccPurchase; Go's client calls each Try itself, with the branch headers.
func (p *purchase) tcc() error {
	return dtmgrpc.TccGlobalTransaction2(p.dtm, p.gid, func(t *dtmgrpc.TccGrpc) {
		t.BranchHeaders = p.headers("tcc")
	}, func(tcc *dtmgrpc.TccGrpc) error {
		if err := tcc.CallBranch(p.stockRequest(), url(p.stock, stockv1.StockService_TryDeductStock_FullMethodName),
			url(p.stock, stockv1.StockService_ConfirmDeductStock_FullMethodName),
			url(p.stock, stockv1.StockService_CancelDeductStock_FullMethodName), &stockv1.StockReply{}); err != nil {
			return err
		}
		if err := tcc.CallBranch(p.orderRequest(), url(p.order, orderv1.OrderService_TryCreateOrder_FullMethodName),
			url(p.order, orderv1.OrderService_ConfirmCreateOrder_FullMethodName),
			url(p.order, orderv1.OrderService_CancelCreateOrder_FullMethodName), &orderv1.OrderReply{}); err != nil {
			return err
		}
		return tcc.CallBranch(p.paymentRequest(), url(p.payment, paymentv1.PaymentService_TryPay_FullMethodName),
			url(p.payment, paymentv1.PaymentService_ConfirmPay_FullMethodName),
			url(p.payment, paymentv1.PaymentService_CancelPay_FullMethodName), &paymentv1.PaymentReply{})
	})
}

// xa: as the shop's XaPurchase; each Java branch prepares an XA transaction and registers itself.
func (p *purchase) xa() error {
	return dtmgrpc.XaGlobalTransaction2(p.dtm, p.gid, func(x *dtmgrpc.XaGrpc) {
		x.BranchHeaders = p.headers("xa")
	}, func(xa *dtmgrpc.XaGrpc) error {
		if err := xa.CallBranch(p.stockRequest(), url(p.stock, stockv1.StockService_XaDeductStock_FullMethodName), &stockv1.StockReply{}); err != nil {
			return err
		}
		if err := xa.CallBranch(p.orderRequest(), url(p.order, orderv1.OrderService_XaCreateOrder_FullMethodName), &orderv1.OrderReply{}); err != nil {
			return err
		}
		return xa.CallBranch(p.paymentRequest(), url(p.payment, paymentv1.PaymentService_XaPay_FullMethodName), &paymentv1.PaymentReply{})
	})
}

// msg: as the shop's MsgPurchase: the local step is stock-service's deduction, called with the
// message's barrier ids (branch "00", op "msg"); the message creates the order unpaid.
func (p *purchase) msg() error {
	conn, err := grpc.Dial(p.stock, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	stock := stockv1.NewStockServiceClient(conn)
	headers := p.headers("msg")
	unpaid := p.orderRequest()
	unpaid.AwaitingPayment = true
	msg := dtmgrpc.NewMsgGrpc(p.dtm, p.gid, dtmgrpc.WithBranchHeaders(headers)).
		Add(url(p.order, orderv1.OrderService_CreateOrder_FullMethodName), unpaid)
	msg.WaitResult = true
	return msg.DoAndSubmit(url(p.stock, stockv1.StockService_QueryPrepared_FullMethodName), func(bb *dtmcli.BranchBarrier) error {
		ctx := dtmgimp.TransInfo2Ctx(context.Background(), bb.Gid, bb.TransType, bb.BranchID, bb.Op, p.dtm)
		ctx = metadata.AppendToOutgoingContext(ctx, BranchTokenHeader, headers[BranchTokenHeader])
		_, err := stock.DeductStock(ctx, p.stockRequest())
		return dtmgrpc.GrpcError2DtmError(err)
	})
}

// workflow: as the shop's SagaWorkflowPurchase, with Go's workflow.Interceptor recording each call.
// Go's interceptor sends no branch headers, so each call adds the token to its context.
func (p *purchase) workflow() error {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	callbacks := grpc.NewServer()
	workflow.InitGrpc(p.dtm, lis.Addr().String(), callbacks)
	go func() { _ = callbacks.Serve(lis) }()
	defer callbacks.Stop()

	dial := func(target string) (*grpc.ClientConn, error) {
		return grpc.Dial(target, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithUnaryInterceptor(workflow.Interceptor))
	}
	conns := make([]*grpc.ClientConn, 0, 3)
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	for _, target := range []string{p.stock, p.order, p.payment} {
		c, err := dial(target)
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	stock, order, payment := stockv1.NewStockServiceClient(conns[0]), orderv1.NewOrderServiceClient(conns[1]),
		paymentv1.NewPaymentServiceClient(conns[2])
	token := p.headers("workflow")[BranchTokenHeader]

	name := "dtmshop-go-buy-" + p.gid
	err = workflow.Register(name, func(wf *workflow.Workflow, data []byte) error {
		signed := func() context.Context {
			return metadata.AppendToOutgoingContext(wf.Context, BranchTokenHeader, token)
		}
		wf.NewBranch().OnRollback(func(bb *dtmcli.BranchBarrier) error {
			_, err := stock.RefundStock(signed(), p.stockRequest())
			return err
		})
		if _, err := stock.DeductStock(signed(), p.stockRequest()); err != nil {
			return err
		}
		wf.NewBranch().OnRollback(func(bb *dtmcli.BranchBarrier) error {
			_, err := order.RefundOrder(signed(), p.orderRequest())
			return err
		})
		if _, err := order.CreateOrder(signed(), p.orderRequest()); err != nil {
			return err
		}
		wf.NewBranch().OnRollback(func(bb *dtmcli.BranchBarrier) error {
			_, err := payment.Refund(signed(), p.paymentRequest())
			return err
		})
		_, err := payment.Pay(signed(), p.paymentRequest())
		return err
	}, func(wf *workflow.Workflow) {
		wf.BranchHeaders = p.headers("workflow")
	})
	if err != nil {
		return err
	}
	return workflow.Execute(name, p.gid, nil)
}

// must panics on an error that only a broken secret file causes (checked before the transaction starts).
func must(err error) {
	if err != nil {
		panic(err)
	}
}
