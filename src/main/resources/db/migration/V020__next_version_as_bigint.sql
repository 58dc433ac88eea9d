-- The version counter may stand one past the largest version number (2,147,483,647): as an INTEGER it overflowed
-- into negative numbers. As a BIGINT it can say "every number is used" and registrations are refused (409).
ALTER TABLE registered_model ALTER COLUMN next_version SET DATA TYPE BIGINT;
