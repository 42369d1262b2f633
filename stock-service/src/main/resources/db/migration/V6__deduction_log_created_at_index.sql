-- The retention (README "Retention") deletes the rows of transactions that finished long ago, batch
-- after batch in created_at order: the index keeps each batch's read to the rows it deletes.
-- created_at is the database's clock from now on (the column's default; it was the JVM's, to the
-- second, for rows the service wrote through Hibernate).
CREATE INDEX idx_stock_deduction_log_created_at ON stock_deduction_log (created_at);
