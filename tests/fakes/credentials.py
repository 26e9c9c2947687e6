"""The credentials the fakes know: distinctive, so a leak is easy to find."""

# Distinctive values: a secrets test searches every output for them.
X_CREDENTIALS = {
    "consumer_key": "xck-SECRET-7f3a9c",
    "consumer_secret": "xcs-SECRET-b81e44",
    "access_token": "1234567890-xat-SECRET-5d2c71",
    "access_token_secret": "xats-SECRET-0e9f62",
}
FB_PAGE_ID = "104857600123456"
FB_PAGE_TOKEN = "EAAG-fbtok-SECRET-9c4d1e7a"

SECRETS = (*X_CREDENTIALS.values(), FB_PAGE_TOKEN)
