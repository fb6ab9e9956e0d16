// Questions: answered from the plan; the trip is unchanged and nothing is searched again.
import { replyMentions, replyNotMentions } from './checks.js';
import { question } from './turns.js';
import { ATHENS, DUBLIN, LISBON, MADRID, NEW_ORLEANS, PARIS, REYKJAVIK, ROME, SINGAPORE, TOKYO } from './trips.js';
import type { Dialog } from './types.js';

const temperature = replyMentions(/-?\d+\s*[–-]\s*-?\d+\s*°[CF]/);

export const questionDialogs: Dialog[] = [
  {
    id: 'questions/how-warm',
    category: 'questions',
    turns: [NEW_ORLEANS, question('how warm will it be?', temperature)],
  },
  {
    id: 'questions/weather-in-early-april',
    category: 'questions',
    turns: [NEW_ORLEANS, question('what will the weather be like in early April?', temperature, replyNotMentions(/Your trip is in/))],
  },
  {
    id: 'questions/how-long-is-the-flight',
    category: 'questions',
    turns: [TOKYO, question('how long is the flight?', replyMentions(/\d+h/))],
  },
  {
    id: 'questions/what-time-do-we-land',
    category: 'questions',
    turns: [LISBON, question('what time do we land?', replyMentions(/land in .* at \d{2}:\d{2}/))],
  },
  {
    id: 'questions/hotel-per-night',
    category: 'questions',
    turns: [ROME, question('how much is the hotel per night?', replyMentions(/a night/))],
  },
  {
    id: 'questions/breakfast-included',
    category: 'questions',
    turns: [PARIS, question('is breakfast included?', replyMentions(/breakfast/i))],
  },
  {
    id: 'questions/total-cost',
    category: 'questions',
    turns: [MADRID, question("what's the total cost?", replyMentions(/total for 2 travelers/))],
  },
  {
    id: 'questions/within-budget',
    category: 'questions',
    turns: [DUBLIN, question('are we within budget?', replyMentions(/(within|over) your \$2,500 budget/))],
  },
  {
    id: 'questions/need-a-jacket',
    category: 'questions',
    turns: [REYKJAVIK, question('do we need a warm jacket?', temperature)],
  },
  {
    id: 'questions/will-it-rain',
    category: 'questions',
    turns: [SINGAPORE, question('will it rain much?', temperature)],
  },
  {
    id: 'questions/is-the-flight-nonstop',
    category: 'questions',
    turns: [ATHENS, question('is the flight nonstop?', replyMentions(/nonstop|stop/i))],
  },
  {
    id: 'questions/how-warm-after-moving-dates',
    category: 'questions',
    turns: [
      LISBON,
      { say: 'two days later please', intent: 'change', expect: { departDate: '2028-06-14', returnDate: '2028-06-21' } },
      question('how warm will it be then?', temperature, replyMentions(/14–21 Jun 2028/)),
    ],
  },
  {
    id: 'questions/flight-length-and-hotel-price',
    category: 'questions',
    turns: [PARIS, question('how long is the flight?', replyMentions(/\d+h/)), question('and how much is the hotel a night?', replyMentions(/a night/))],
  },
  {
    id: 'questions/weather-forecast',
    category: 'questions',
    turns: [ROME, question("what's the weather forecast?", temperature)],
  },
  {
    id: 'questions/when-does-our-flight-leave',
    category: 'questions',
    turns: [DUBLIN, question('when does our flight leave?', replyMentions(/leave .* at \d{2}:\d{2}/))],
  },
  {
    id: 'questions/cost-in-total',
    category: 'questions',
    turns: [TOKYO, question('How much will this cost us in total?', replyMentions(/total for 2 travelers/))],
  },
  {
    id: 'questions/what-is-the-hotel-called',
    category: 'questions',
    turns: [LISBON, question("what's the hotel called?", replyMentions(/Stay: /))],
  },
];
