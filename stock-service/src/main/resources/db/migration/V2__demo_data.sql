-- Demo catalogue. AirPods Pro has only 5 units, enough to show a sold-out purchase roll back.
INSERT INTO product (id, name, price_cents) VALUES
    (1, 'Apple iPhone 13', 79999),
    (2, 'Apple Watch SE', 24900),
    (3, 'AirPods Pro', 18900);

INSERT INTO stock (product_id, quantity, locked) VALUES
    (1, 100, 0),
    (2, 50, 0),
    (3, 5, 0);
