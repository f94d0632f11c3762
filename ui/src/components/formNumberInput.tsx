// A number field as a text box: an `<input type="number">` reports letters as an empty value, so the form said
// "is required" for "abc". As text, rjsf keeps what cannot be read as a number as it was typed, and the validator
// says what is wrong ("Limit must be a number").
import BaseInputTemplate from '@rjsf/core/lib/components/templates/BaseInputTemplate.js';
import type { BaseInputTemplateProps } from '@rjsf/utils';

export function NumberAsTextInputTemplate(props: BaseInputTemplateProps) {
  const numeric = props.schema.type === 'number' || props.schema.type === 'integer';
  if (!numeric || (props.type !== undefined && props.type !== 'number') || props.options.inputType) {
    return <BaseInputTemplate {...props} />;
  }
  return (
    <BaseInputTemplate
      {...props}
      options={{ ...props.options, inputType: 'text' }}
      inputMode={props.schema.type === 'integer' ? 'numeric' : 'decimal'}
    />
  );
}
