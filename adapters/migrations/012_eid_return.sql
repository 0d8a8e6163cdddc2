-- A same-device order finishes only once the app has sent the person back to the starting browser
-- with the order's returnUrl nonce; this marks that it did.
ALTER TABLE eid_orders ADD COLUMN returned boolean NOT NULL DEFAULT false;
