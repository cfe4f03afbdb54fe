#!/bin/sh
# Regenerates Hotline's built-in voice prompts (zh and en) as 8 kHz mono 16-bit WAV.
# Offline tool only: espeak-ng (Mandarin and English voices) speaks the text, sox resamples, trims the
# silence espeak leaves around speech, and leaves headroom so G.711 does not clip.
# The WAV files are committed; the server never runs this. The texts must match
# prompt-catalog.ts (its test checks every listed file exists and is 8 kHz mono).
# Usage: sh src/channels/voice/prompts/make-prompts.sh
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # lang id text
  lang=$1 id=$2 text=$3
  # cmn-latn-pinyin is espeak-ng's Mandarin (cmn) variant that reads its own pinyin as
  # pinyin; plain "cmn" in Debian's espeak-ng 1.51 hands the pinyin to English rules and
  # says "nin two" for 您.
  voice=cmn-latn-pinyin
  [ "$lang" = en ] && voice=en
  mkdir -p "$lang"
  espeak-ng -v "$voice" -s 165 -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 "$lang/$id.wav" gain -6 \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse \
    highpass 200 lowpass 3400 gain -n -3 pad 0.05 0.05
}

say zh welcome '欢迎致电客户服务中心。'
say en welcome 'Thank you for calling customer service.'
say zh language-choice '中文请按1。'
say en language-choice 'For English, press 2.'
say zh invalid-choice '您的输入有误，请重新选择。'
say en invalid-choice 'Sorry, that is not a valid choice. Please try again.'
say zh queue-position-before '您前面还有'
say zh queue-position-after '位客户在等待。'
say zh queue-position-next '您是下一位，请稍候。'
say zh queue-position-many '您前面还有二十多位客户在等待。'
say en queue-position-before 'There are'
say en queue-position-after 'callers ahead of you.'
say en queue-position-one 'There is one caller ahead of you.'
say en queue-position-next 'You are next in line.'
say en queue-position-many 'There are more than twenty callers ahead of you.'
say zh please-hold '坐席正忙，请您稍候。'
say en please-hold 'All our agents are busy. Please hold.'
say zh after-hours '现在是非工作时间，请在工作时间再次来电。'
say en after-hours 'We are closed now. Please call again during business hours.'
say zh voicemail-instructions '请在提示音后留言，留言完毕请挂机。'
say en voicemail-instructions 'Please leave a message after the tone, then hang up.'
say zh callback-offer '预约回电请按1，继续等待请按2。'
say en callback-offer 'Press 1 for a callback, or 2 to keep waiting.'
say zh callback-confirmed '已为您预约回电，我们会尽快联系您。'
say en callback-confirmed 'Your callback is booked. We will call you back soon.'
say zh goodbye '感谢您的来电，再见。'
say en goodbye 'Thank you for calling. Goodbye.'

# Counts of callers, so 2 is 两 (两位), not 二.
zh_digits='零 一 两 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十'
n=0
for word in $zh_digits; do
  say zh "number-$n" "$word"
  n=$((n + 1))
done
n=0
for word in zero one two three four five six seven eight nine ten eleven twelve thirteen \
  fourteen fifteen sixteen seventeen eighteen nineteen twenty; do
  say en "number-$n" "$word"
  n=$((n + 1))
done

# The tone before a voicemail recording: 1 kHz for 0.4 s with soft edges (no language).
mkdir -p tones
sox -n -r 8000 -c 1 -b 16 tones/beep.wav synth 0.4 sine 1000 fade 0.01 0.4 0.01 gain -6
