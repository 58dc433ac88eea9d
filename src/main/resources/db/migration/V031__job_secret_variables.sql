-- Secret environment variables of a job: AES-GCM sealed (key in <data>/secrets/, mode 0600), base64; never shown.
ALTER TABLE job ADD COLUMN secret_variables VARCHAR(60000);
