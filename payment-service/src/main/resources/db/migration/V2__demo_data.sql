-- Demo accounts, in cents. User 2 holds 1.00: any purchase by user 2 fails at payment and rolls back.
INSERT INTO account (user_id, balance_cents, frozen_cents) VALUES
    (1, 10000000, 0),
    (2, 100, 0),
    (3, 500000, 0),
    (4, 500000, 0),
    (5, 500000, 0);
