//! whautomate without default features, in an ordinary std binary: the no_std core
//! (messages, validation, requests as data) needs no allocator or panic handler of its own.
use whautomate::{prepare_send, ApiKey, BaseUrl, Channel, MessageBuilder, MessageKind};

fn main() {
    let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").location_id("loc_1").build().unwrap();
    let request = prepare_send(&message, &BaseUrl::default(), &ApiKey::new("sk_test").unwrap(), None, None).unwrap();
    assert_eq!(request.url, "https://api.whautomate.com/v1/messages/telegram/sendtext");
    let error = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").build().unwrap_err();
    assert_eq!(error.field(), Some("text"));
    println!("native-no-default: ok");
}
