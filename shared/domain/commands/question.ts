// The meeting's guiding questions, edited by the chair before and during the debate. They are one
// array in the control document, replaced whole by the server, so reordering is a plain splice.
import type { CommandPayloads, NoData, QuestionFields } from '../commands.ts'
import type { ControlState, GuidingQuestion, QuestionId } from '../types.ts'
import { fail, isRefusal, ok, withChanges, type Handlers, type Refusal } from './result.ts'

/** As many as a meeting description may bring: a concept note has a handful, never dozens. */
export const MAX_QUESTIONS = 50

function findQuestion (state: ControlState, questionId: QuestionId): GuidingQuestion | Refusal {
  return state.questions.find((question) => question.id === questionId) ?? fail('QUESTION_NOT_FOUND', 'There is no such guiding question.')
}

/** Note-takers tag by label; two questions labelled alike could not be told apart on their screens. */
function labelTaken (state: ControlState, label: string, except?: QuestionId): Refusal | null {
  const wanted = label.trim().toLowerCase()
  const clash = state.questions.find((question) => question.id !== except && question.label.trim().toLowerCase() === wanted)
  return clash ? fail('QUESTION_LABEL_TAKEN', `Question (${clash.label}) already has that label.`) : null
}

/** An empty group means none: the property is left out rather than stored empty. */
function withGroup (question: GuidingQuestion, group: string | null | undefined): GuidingQuestion {
  if (group === undefined || (group ?? '') === (question.group ?? '')) return question
  const { group: _old, ...rest } = question
  return group ? { ...rest, group } : rest
}

/** The array with `question` inserted after `afterId` (first when null, last when undefined). */
function placed (
  questions: readonly GuidingQuestion[],
  question: GuidingQuestion,
  afterId: QuestionId | null | undefined
): GuidingQuestion[] | Refusal {
  const others = questions.filter((other) => other.id !== question.id)
  if (afterId === undefined) return [...others, question]
  if (afterId === question.id) return fail('INVALID_POSITION', 'A question cannot be placed after itself.')
  const index = afterId === null ? -1 : others.findIndex((other) => other.id === afterId)
  if (afterId !== null && index === -1) return fail('QUESTION_NOT_FOUND', 'The question to place after does not exist.')
  return [...others.slice(0, index + 1), question, ...others.slice(index + 1)]
}

function withQuestions<D extends object = NoData> (state: ControlState, questions: readonly GuidingQuestion[], data: D = {} as D) {
  return ok({ ...state, questions }, data)
}

const LABEL_AND_TEXT = ['label', 'text'] as const satisfies readonly (keyof QuestionFields)[]

export const questionHandlers: Handlers<'question:add' | 'question:update' | 'question:remove' | 'question:move'> = {
  'question:add': (state, payload: CommandPayloads['question:add'], ctx) => {
    if (state.questions.length >= MAX_QUESTIONS) return fail('LIMIT_REACHED', `A meeting has at most ${MAX_QUESTIONS} guiding questions.`)
    const taken = labelTaken(state, payload.label)
    if (taken) return taken
    const questionId = ctx.newId('q') as QuestionId
    const question = withGroup({ id: questionId, label: payload.label, text: payload.text }, payload.group)
    const questions = placed(state.questions, question, payload.afterId)
    if (isRefusal(questions)) return questions
    return withQuestions(state, questions, { questionId })
  },

  'question:update': (state, payload) => {
    const question = findQuestion(state, payload.questionId)
    if (isRefusal(question)) return question
    if (payload.changes.label !== undefined) {
      const taken = labelTaken(state, payload.changes.label, question.id)
      if (taken) return taken
    }
    const updated = withGroup(withChanges(question, payload.changes, LABEL_AND_TEXT), payload.changes.group)
    if (updated === question) return ok(state)
    return withQuestions(state, state.questions.map((other) => (other.id === question.id ? updated : other)))
  },

  'question:remove': (state, payload) => {
    const question = findQuestion(state, payload.questionId)
    if (isRefusal(question)) return question
    return withQuestions(state, state.questions.filter((other) => other.id !== question.id))
  },

  'question:move': (state, payload) => {
    const question = findQuestion(state, payload.questionId)
    if (isRefusal(question)) return question
    const questions = placed(state.questions, question, payload.afterId)
    if (isRefusal(questions)) return questions
    return withQuestions(state, questions)
  }
}
